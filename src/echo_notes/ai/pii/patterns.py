"""Regular expressions for identifiers Presidio does not know, written for hearing-care records.

Each pattern is anchored on the label or context a real record uses ("MRN", "member ID", "SN", "date of
birth") where the value alone would be ambiguous, so clinical numbers (thresholds, frequencies, percentages)
are never mistaken for identifiers.
"""

from __future__ import annotations

import re

DIGIT_WORD = r"(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine)"
SPOKEN_DIGITS = re.compile(
    rf"\b(?:(?:double|triple)\s+)?{DIGIT_WORD}(?:[\s,-]+(?:(?:double|triple)\s+)?{DIGIT_WORD}){{6,}}\b",
    re.IGNORECASE,
)
"""Seven or more digits spoken one by one ("six one four five five five …", "double oh")."""

MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
ORDINAL_WORDS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty[\s-]first)"
)
DAY = rf"(?:the\s+)?(?:{ORDINAL_WORDS}|\d{{1,2}}(?:st|nd|rd|th)?)"
NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|oh|thousand|and)"
)
YEAR = (
    rf"(?:\d{{4}}|'\d{{2}}|(?:{NUMBER_WORD}[\s-]?){{1,4}}{NUMBER_WORD}"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]?\w+)"
)

WORD_DATE = re.compile(
    rf"\b(?:{DAY}\s+(?:of\s+)?{MONTHS}|{MONTHS}\s+{DAY})(?:,?\s+{YEAR})?\b|\b{MONTHS}\s+\d{{4}}\b",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b")
MONTH_ALONE = re.compile(
    r"\b(?:January|February|April|June|July|September|October|November|December|"
    r"january|february|april|june|july|september|october|november|december|May|March|August)\b"
)
"""A month standing alone ("in May"). Lower-case may/march/august are verbs and names far more often."""
EVENT_YEAR = re.compile(
    r"(?i)(?:\b(?:in|since|fitted|from|until|during)\s+|\((?:fitted\s+)?)"
    r"(?P<value>19[5-9]\d|20[0-4]\d)\b(?!\s*(?:Hz|dB))"
)
"""A year tied to an event ("fitted in 2021"); bare numbers like 2000 (Hz) are left alone."""

BIRTH_CUE = re.compile(r"(?i)\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)\b")

PHONE = re.compile(
    r"(?<![\w/.-])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?|\d{2,5}[\s.-])\d{3,4}[\s.-]?\d{3,4}(?![\w/-]|\.\d)"
)

MRN = re.compile(
    r"\b(?i:MRN|medical\s+record(?:\s+(?:number|no\.?|#))?|record\s+(?:number|no\.?|#)|chart\s+(?:number|no\.?|#)|"
    r"client\s+(?:number|no\.?|id)|hospital\s+(?:number|no\.?))\s*(?i:is\s+)?[:#]?\s*"
    r"(?P<value>[A-Z0-9]{1,6}(?:-[A-Z0-9]{1,8}){0,3})\b"
)
MRN_SHAPE = re.compile(r"\b[A-Z]{2,4}-[A-Z]?\d{5,8}\b")

INSURANCE = re.compile(
    r"\b(?i:member\s+(?:id|number|no\.?)|medicare(?:\s+(?:mbi|number|no\.?|card))?|MBI|NHS\s+(?:number|no\.?)|"
    r"OHIP(?:\s+number)?|MSI(?:\s+number)?|health\s+(?:card|insurance)\s+(?:number|no\.?)|policy\s+(?:number|no\.?)|"
    r"insurance\s+(?:id|number|no\.?))\s*(?i:is\s+)?[:#]?\s*"
    r"(?P<value>[A-Z0-9]{2,6}(?:[ -][A-Z0-9]{1,6}){0,4})(?=\s{2,}|[,;.)]|\s*$|\s+[a-z])"
)
MBI = re.compile(r"\b\d[A-Z][A-Z\d]\d-?[A-Z][A-Z\d]\d-?[A-Z]{2}\d{2}\b")

SERIAL = re.compile(
    r"(?i)\b(?:SN|S/N|serial(?:\s+(?:number|no\.?|#))?)\s*[:#]?\s*(?P<value>[A-Z0-9]{6,14})\b"
)

STREET_TYPES = (
    r"(?:Street|St|Road|Rd|Drive|Dr|Avenue|Ave|Lane|Ln|Way|Boulevard|Blvd|Parkway|Pkwy|Commons|"
    r"Court|Ct|Close|Place|Pl|Terrace|Crescent|Highway|Hwy|Square|Row|Gardens|Mews|Grove)"
)
ADDRESS = re.compile(
    rf"\b\d{{1,5}}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][A-Za-z'.-]+\s+){{1,4}}{STREET_TYPES}\b\.?"
    r"(?:\s+(?:North|South|East|West|NE|NW|SE|SW))?"
    r"(?:,?\s+(?:Suite|Ste|Unit|Apt|Floor|#)\.?\s*\w+)?"
    r"(?:,[ \t]*(?:(?![A-Z]{2,3}[ \t]+\d|[A-Z]{1,2}\d)[A-Z][A-Za-z.'-]+[ \t]?){1,3}){0,2}"
    r"(?:,?[ \t]*(?:[A-Z]{2,3}[ \t]+\d{4,5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}))?"
)
NAMED_STREET = re.compile(
    r"\b(?:[A-Z][a-z]+\s+){1,3}(?:Road|Street|Lane|Avenue|Close|Drive|Crescent|Way)\b"
    r"(?:,\s*(?:[A-Z][a-z]+\s?){1,2})?(?:\s+[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})?"
)
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")

FACILITY_WORDS = (
    r"(?:Hearing|Audiology|Balance|Clinic|Hospital|Surgery|Medical|Health|Centre|Center|School|"
    r"Nursery|Practice|Associates|Services|Service|Studio|ENT|Care|Institute|University|Pre-?school)"
)
_GENERIC = (
    r"(?:Diagnostic|Paediatric|Pediatric|Adult|Vestibular|Audiological|Audiology|Hearing|The|A|An|Your|"
    r"Our|My|This|That|Primary|Urgent|Emergency|General|Annual|Routine|Speech|Tinnitus|Bilateral|"
    r"Comprehensive|Language|Referral|Report|Evaluation|Consult|Note|Plan|Summary)\b"
)
FACILITY = re.compile(
    rf"\b(?:(?:St\.?[ \t]+)?(?!{_GENERIC})[A-Z][A-Za-z'.-]+(?:'s)?[ \t]+(?:&[ \t]+)?){{1,4}}{FACILITY_WORDS}"
    rf"(?:[ \t]+(?:&[ \t]+|of[ \t]+)?(?:[A-Z][A-Za-z'.-]+|{FACILITY_WORDS})){{0,4}}\b"
)
FACILITY_CAPS = re.compile(
    r"\b(?:(?!(?:DIAGNOSTIC|PAEDIATRIC|PEDIATRIC|AUDIOLOGICAL|AUDIOLOGY|HEARING|THE|REPORT|EVALUATION)\b)"
    r"[A-Z][A-Z'.-]+[ \t]+(?:&[ \t]+)?){1,4}"
    r"(?:HEARING|AUDIOLOGY|BALANCE|CLINIC|HOSPITAL|SURGERY|CENTRE|CENTER|"
    r"ASSOCIATES|SERVICES?|STUDIO|CARE)(?:[ \t]+(?:&[ \t]+)?[A-Z][A-Z'.-]+){0,3}\b"
)
NOT_A_FACILITY = re.compile(r"(?i)\b(?:health\s+plan|insurance|medicare|medicaid|assurance)\b")
"""Payers are not identifiers."""

AGE_OVER_89 = re.compile(
    r"(?i)\b(?:(?:9\d|1[01]\d)|ninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|one\s+hundred"
    r"(?:\s+and\s+\w+)?)[\s-]*(?:years?|yrs?)[\s-]*old\b|\baged?\s+(?:9\d|1[01]\d)\b"
)

SPOKEN_EMAIL = re.compile(
    r"(?i)\b[a-z0-9]+(?:\s+(?:dot|underscore|dash)\s+[a-z0-9]+)*\s+at\s+[a-z0-9]+(?:\s+dot\s+[a-z0-9]+)*"
    r"\s+dot\s+(?:com|org|net|edu|gov|co|uk|au|ca|io|info)\b"
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")

SPELLED_NAME = re.compile(r"\b(?:[A-Z]-){2,}[A-Z]\b")

NAME_CUES_STRONG = re.compile(
    r"(?i)\b(?:dr\.?|doctor|mr\.?|mrs\.?|ms\.?|miss|mister|missus|prof\.?|professor|my\s+name\s+is|"
    r"talking\s+to|speaking\s+with|calls\s+me|is\s+it|you\s+must\s+be|this\s+is|patient\s+is|"
    r"patient\s+named|name\s+is)[\s,]+"
)
NAME_LABELS = re.compile(
    r"(?im)\b(?:patient|client|name|audiologist|clinician|referred\s+by|referrer|referring\s+(?:physician|doctor)|"
    r"GP|PCP|physician|dictated\s+by|attention|attn|copy\s+to|cc|parent|guardian|mother|father|wife|husband|"
    r"daughter|son|sister|brother|carer|key\s+worker|teacher)\s*[:,]\s*"
    r"|\b(?:dictated|referred|seen|signed|reviewed)\s+by\s+|\battention\s+"
)
