"""The grounded drafter: a SOAP note built only from the visit's own sentences and computed findings.

No generative model runs here, so nothing can be invented: every note sentence is a source sentence with
fillers removed and first person turned into clinical third person by a closed table, a yes/no exchange
folded into "Reports …"/"Denies …", or a rendering of the deterministic audiology findings. Which spoken
sentences stay is decided by a small learned keep model (``keep.py``) with the clinical vocabulary as a
prior, so greetings and small talk drop out; the rest are placed in S, O, A or P by who said them, where
they sit in a report, and what they talk about.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from echo_notes.ai.audiology.model import AudiologyFindings, EarFindings
from echo_notes.ai.audiology.parse import frequency_header, states_thresholds
from echo_notes.ai.drafting.keep import embed, keep_model, keep_scores, readable
from echo_notes.ai.drafting.sources import (
    COMPANION_VOICES,
    SourceSentence,
    document_sentences,
    note_contractions,
    transcript_sentences,
)
from echo_notes.ai.placeholders import PLACEHOLDER, placeholder_of

DRAFTER_ID = "grounded-drafter"
DRAFTER_VERSION = "2.14"

CLINICAL = re.compile(
    r"(?i)\b(hear\w*|ear|ears|aid|aids|tinnitus|ring\w*|buzz\w*|hiss\w*|whoosh\w*|roar\w*|hum|humming|puls\w*|"
    r"whistl\w*|occlu\w*|dizz\w*|vertigo|balance|unstead\w*|light-?headed\w*|spinning|loud|noise|"
    r"sound|voice|speech|understand\w*|conversations?|mumbl\w*|lip-?read\w*|mishear\w*|crowd\w*|pubs?|"
    r"tv|television|phone|restaurant\w*|wax|cerumen|pain|drain\w*|infection|"
    r"discharg\w*|otorrh\w*|otalgia|"
    r"surgery|medication\w*|tablet\w*|pill\w*|blood pressure|diabet\w*|test\w*|audiogram|tympan\w*|"
    r"otoscop\w*|"
    r"canal|drum|membrane|threshold\w*|db|hz|khz|%|pta|srt|wrs|refer\w*|mri|ent|fit\w*|program\w*|volume|"
    r"dome\w*|receiver|battery|batteries|charg\w*|implant\w*|follow[- ]up|review|appointment|recommend\w*|"
    # A hearing aid's care and repair ("put them in the dry box", "we'll send it to the manufacturer").
    r"microphones?|loaner|manufacturer|warranty|dry ?box|dehumidifier|moisture|"
    r"see (?:you|her|him|them|the patient) (?:again|back)|recheck\w*|"
    r"(?:send|sending|write|writing|fax|faxing) (?:a |the |my |our )?(?:report|letter|copy|results)|"
    r"plan\w*|sudden\w*|gradual\w*|worse|better|muffled|fullness|blocked|plug\w*|protection|exposure|"
    r"history|family|mother|father|steroid\w*|prednis\w*|drops|"
    # Noise exposure, history an audiologist takes at every visit ("I play drums, gigs four nights a week").
    r"drums|drumm\w*|musician\w*|gigs?|concerts?|shooting|gunfire|guns?|firearms?|hunting|machinery|"
    r"power tools|headphones|earbuds|earphones|earplugs|"
    # What goes into the ear canal ("I use cotton buds every morning").
    r"cotton (?:buds|swabs)|q-?tips|ear candl\w*|microsuction|irrigat\w*|syring\w*|curet\w*|"
    # What otoscopy sees, and a child's history of middle-ear fluid ("she snores, breathes through her
    # mouth").
    r"eardrums?|fluid|effusion|retract\w*|perforat\w*|grommets?|snor\w*|mouth[- ]breath\w*|"
    # General medicine: a hearing-care patient's other conditions, and visits outside hearing care.
    r"hurt\w*|ache\w*|aching|sore\w*|swell\w*|swollen|symptom\w*|fever\w*|chills|cough\w*|breath\w*|chest|"
    r"heart|knee\w*|(?:lower |upper )?back pain|lower back|neck|shoulder\w*|arms?|legs?|foot|feet|hands?|"
    r"wrist\w*|hips?|ankle\w*|joint\w*|"
    r"bone\w*|fractur\w*|x-?rays?|mg|milligrams?|dos(?:e|es|age)|insulin|sugars?|glucose|a1c|cholesterol|"
    r"weight|sleep\w*|tired|fatigue\w*|nause\w*|vomit\w*|diarrh\w*|constipat\w*|bleed\w*|blood|rash\w*|"
    r"skin|injur\w*|fell|falls?|exams?|examin\w*|labs?|kidney\w*|liver|lungs?|asthma|copd|depress\w*|anxi\w*|"
    r"stress\w*|smok\w*|alcohol|exercis\w*|diet|therap\w*|inflamm\w*|arthritis|cancer|tumou?r|biops\w*|"
    r"ultrasound|echocardiogram|ekg|ecg|ct|scan\w*|prescri\w*|refill\w*|antibiotic\w*|inhaler|numb|numbness|"
    r"tingl\w*|weak\w*|stiff\w*|headache\w*|migraine\w*|stomach|abdom\w*|urin\w*|pressure|tender\w*|"
    r"lump|cyst|wound|diagnos\w*|condition|disease|chronic|acute|injection\w*|vaccin\w*|allerg\w*|"
    # Episodes, as vestibular and migraine histories count them ("how long do the attacks last").
    r"attacks?|episodes?|spells?|bouts?|flare\w*)\b"
)
PLAN = re.compile(
    r"(?i)\b(recommend\w*|refer(?!red (?:from|by|to (?:us|the clinic|this clinic))\b)\w*|"
    r"we'll|we will|i'll|i will|let's|schedule\w*|book\w*|"
    r"follow[- ]?up|review in|"
    r"next appointment|come back|return|send\w*|order\w*|start\w*|trial|fit(?:ting)? (?:you|her|him)|"
    r"retub\w*|cleaned|replaced|counsell?ed|impressions?|i'd like (?:(?:her|him|them|the patient) )?to|"
    r"recheck\w*|plan\w*|advis\w*|prescrib\w*|copy to|re-?evaluat\w*|retest|annual|"
    r"(?:in|for|after|within|another|next) (?:\w+ )?(?:weeks?|months?)|"
    r"the first (?:week|few (?:days|weeks)))\b"
)
ASSESSMENT = re.compile(
    r"(?i)\b(consistent with|diagnos\w*|impression|shows? (?:a|an)|indicat\w*|suggest\w*|likely|"
    r"sensorineural|conductive|mixed (?:hearing )?loss|candidate|normal (?:hearing|middle)|within normal)\b"
)
OBJECTIVE = re.compile(
    r"(?i)\b(otoscop\w*|canal|tympanic|tm\b|eardrum|tympanometry|type [ab]|type as|type ad|threshold\w*|"
    r"db hl|hz|srt|wrs|word recognition|speech recognition|reflex\w*|oae\w*|dpoae\w*|nystagmus|dix-hallpike|"
    r"real-ear|verification|audiogram shows|pure-tone|wax|cerumen|listening check|electroacoustic)\b"
)
EXAM = re.compile(
    r"(?i)\b(exam\w*|on (?:physical )?exam|inspection|palpation|auscultat\w*|lungs? (?:are|is)|"
    r"heart (?:is|sounds)|x-?ray|ct|mri|scan|results?|labs?|blood work|vital\w*|blood pressure (?:is|was)|"
    r"datalogging|measured|recorded|reading)\b"
)
DEVICE_RECORD = re.compile(
    r"(?i)\b(devices?|receivers?|domes?|earmolds?|programs?|datalogging|verification|rem|real-ear|nal-nl2|"
    r"dsl|mpo|feedback|cosi|goals?|thi|tfi|hhie|dpoae\w*|teoae\w*|oae\w*|aided|unaided|reflex\w*|"
    r"dix-hallpike|head impulse|nystagmus|vng|questionnaire|score|warranty|trial)\b"
)
"""Fitting-record and test-battery lines that belong in Objective even without a recognised heading."""
INSTRUCTION = re.compile(
    r"(?i)\b(ignore (?:all |any )?(?:previous|prior|above) (?:instructions|text)|disregard (?:the|"
    r"all|previous)|"
    r"you are (?:an?|the) (?:ai|assistant|model)|system prompt|write (?:that|normal hearing)|"
    r"(?:ai|assistant|model),? (?:must|should) (?:write|state|say))\b"
)
"""Text addressed to an AI rather than about the patient: never a note sentence (prompt-injection defence)."""
DICTATION_FRAME = re.compile(r"(?i)^dictation\b|\bdictat(?:ing|ed by)\b")
"""A dictation's opening line ("Dictation, Dr <PERSON_1>, <ORGANIZATION_1>.", "This is <PERSON_1>,
audiologist, dictating an urgent note", "Consult note, dictated by …") says who is speaking, not what
happened."""
VOICE_COMMAND = re.compile(
    r"(?i)\bfinali[sz]e the (?:note|report|recording)\b|\border the (?:medications|procedures|"
    r"medications and procedures) discussed\b"
)
"""An instruction to the recording assistant ("hey dragon, finalize the note"), not to the patient."""
TRAILING_QUESTION = re.compile(
    r"(?i)^(?:(?:and|so|but|okay|now),?\s+)?(?:is|are|was|were|do|does|did|can|could|have|has|will|would)\s+"
    r"(?:it|you|he|she|they|him|her|them|there|the|your|their|his)\b.*(?:-|\.\.\.|…|,? or\.?)$"
)
"""A question the speaker trails off ("Did you strain your back, did something-", "Is it running high,
or..."): the question mark never comes, but its inverted start and open end say what it is."""
EMBEDDED_QUESTION = re.compile(
    r"(?i)\b(?:how|what|when|why)"
    r"(?:\s+(?:long(?:\s+ago)?|much|many|often|severe|bad|far|old|kind of|type of))?"
    r"\s+(?:is|are|was|were|do|does|did|have|has|can|could|would|will)\s+"
    r"(?:you|your|the|it|they|he|she|this|that|their|his|her|we)\b"
)
EMBEDDED_QUESTION_WORDS = 20
"""A question asked inside a run the recogniser left unpunctuated ("on a scale of one to ten how severe is
the pain", "then how long has this pain been going on"): the verb before its subject gives it away wherever
it stands; in a short sentence the question is all there is ("the pain is severe" or "how it started" would
not invert)."""
INTENT = re.compile(
    r"(?i)^(?:(?:so|and|now|okay|then),?\s+)?(?:what i'?d like (?:the patient|her|him|them) to do is|"
    r"(?:i'?m|i am|we'?re|we are) (?:also )?going to|i (?:also )?want to|i'?d (?:also )?like to|let's)\s+"
    r"(?=[a-z])"
)
"""The clinician announcing what they will do ("I'm going to refer her to ENT", "let's see her again in 3
weeks", "what I'd like him to do is put olive oil drops in"): a note writes the action itself."""

NARRATION = re.compile(
    r"(?i)^(?:<[A-Z_]+\d+>,?\s+)?(?:(?:first|next|now|then|okay|so|right),?\s+)*(?:"
    r"(?:i'm|i am|we're|we are) (?:going|gonna) to "
    r"(?:look|have a look|put|pop|play|test|start|check|press|do)\b|"
    r"let me (?:show|explain|just|look at|check)\b|"
    r"next (?:is|we'll|we will|up)\b|"
    r"(?:you'll|you will|the patient will|he will|she will) (?:hear|feel|see|notice)\b|"
    r"(?:press|push|raise|lift|keep|sit|look|repeat|say) (?:the|your|still|back|straight|after|each|every)\b|"
    r"(?:i want to|i'd like to|i would like to|i will|i'll|let me|let's|"
    r"(?:i'm|i am|we're|we are) (?:going|gonna) to) "
    r"(?:also |just |quickly |go ahead and |start by |begin by )?"
    r"(?:do (?:a|your|the) (?:quick |brief )?(?:physical )?exam\w*|listen\w* to|take a (?:quick )?listen|"
    r"examin\w*|feel (?:your|her|his|their|around)|press on|"
    r"(?:(?:have |take )?(?:a (?:quick )?)?look (?:in|at)|check) (?:your|her|his|their) "
    r"(?:ears?|eyes?|throat|mouth|nose|skin|feet|hands?))\b|"
    r"i'd like (?:you|her|him|them) to (?:lay|lie|sit|stand|hop|take a deep breath|breathe)\b|"
    r"let's (?:just )?(?:look at|take a (?:quick )?look|talk (?:a little bit |a bit )?about|go over|"
    r"go ahead\W*$)|"
    r"show me\b|finali[sz]e the note\b|tell me (?:a (?:little )?bit )?(?:more )?about\b|"
    r"let me tell you (?:a (?:little )?bit )?about\b|"
    r"(?:for|on|regarding|about|onto|to) (?:my|your|her|his|their|the) assessment and plan\W*$)"
)
"""The clinician talking the patient through a test or the examination ("you'll hear some beeps", "press
the button", "I'm going to listen to your heart and lungs") and steering the visit ("let's look at your
results", or to a voice assistant: "show me the chest x-ray"): what happens during the visit, which the
results and findings already record. A spoken heading ("for your assessment and plan") only announces
what follows, and "tell me more about the pain" asks: the answer is the content."""

TEST_INSTRUCTION = re.compile(
    r"(?i)\b(?:every time|each time|whenever|when) (?:you|she|he|they|the patient) hears? "
    r"(?:a|the|any) (?:\w+ )?(?:beeps?|sounds?|tones?|whistles?)\b"
)
"""How to respond during a hearing test ("put a block in the bucket every time you hear the beep"): the
results record what the test found."""

TOPIC_ANNOUNCEMENT = re.compile(
    r"(?i)^(?:(?:and|so|okay|ok|right),?\s+)?(?:now|next|first|then),?\s+"
    r"(?:(?:on\s+)?to\s+)?(?:the|your|her|his|their)\s+[\w-]+(?:\s+[\w-]+)?\W*$"
)
"""The clinician moving the visit on ("Now the hearing test.", "First, the own-voice problem."): what
follows is the content; the heading itself says nothing."""

CLINICAL_PRIOR = 0.7
NON_CLINICAL_PRIOR = -2.0
"""Log-odds added to the keep model's score for sentences with and without clinical vocabulary."""
ANSWER_PRIOR = 0.5
"""Added to the log-odds of the patient's answer to a clinical question ("any ringing or noises?" — "a
hissing in the left, like steam"): the keep model sees the answer without its question, and the question
is what makes it history."""
ADJUSTMENT_PRIOR = 0.5
"""Added for what the clinician says they are changing on a device ("I'm increasing the noise reduction in
that program"): in a fitting visit the adjustments are the record, a kind of sentence the general-medicine
training visits rarely have."""
BOOKED_PRIOR = 1.5
"""Added for what the clinician commits the clinic to ("we'll book a session of tinnitus counselling", "I'll
order an MRI", "we'll send it to the manufacturer for repair"): a service arranged is the plan however
casually it is said, and the keep model, fitted on visits where such sentences are few, can read it as small
talk."""
BOOKED = re.compile(
    r"(?i)\b(?:we'll|we will|i'll|i will|(?:i'm|we're) going to)\s+(?:also\s+|just\s+)?"
    r"(?:book|arrange|schedule|organi[sz]e|order|refer|send)\w*\b"
)
REFERRAL_PRIOR = 2.0
"""Who sent the patient and why is the reason for the visit, whoever says it ("the GP sent us because his
speech is behind")."""
ADJUSTMENT = re.compile(
    r"(?i)\b(?:i'm|i am|i've|i have|we're|we've|i'll|i will|we'll)\s+(?:just\s+|also\s+|going to\s+)?"
    r"(?:increas|decreas|reduc|turn|adjust|chang|add|switch|boost|lower|rais|soften|enabl|disabl|activat|"
    r"set|programm?)\w*\b"
)

FILLERS = re.compile(
    r"(?i)\b(um+|uh+|er+m?|hmm+|you know|i mean|kind of|sort of|basically|actually|honestly|"
    r"literally|just|(?<!\bnot )really|obviously|definitely)\b[,]?\s*"
)
LEADING = re.compile(
    r"(?i)^(?:(?:so|well|okay|ok|alright|all right|oh|yeah|great|perfect|lovely|thanks|thank you|now|and|but)"
    r"\b[,.!]?\s+"
    r"|(?:right|yes|no|and|but|good|sure)[,.!]\s+)+"
)
NOT_THAT_I_KNOW = (
    r"(?:not|none) that (?:i|we)(?: know| knew| can think| am aware| are aware|'m aware|'re aware)"
)
"""A "no" as parents and relatives give it about family history: "not that I know of"."""
SHORT_ANSWER = re.compile(
    r"(?i)^\W*(yes|yeah|yep|yup|correct|right|that's right|i do|it does|sometimes|a bit|"
    r"no|nope|not really|never|none|i don't|it doesn't|not at all|no,? never|"
    rf"(?:no,? )?{NOT_THAT_I_KNOW} of)\b[\W]*$"
)
NEGATIVE_ANSWER = re.compile(
    r"(?i)^\W*(no|nope|not really|never|none|i don't|it doesn't|not at all|"
    rf"{NOT_THAT_I_KNOW})"
)


@dataclass(frozen=True)
class Pronouns:
    """How the note refers to the patient: "he"/"she" when the visit says which, else "the patient"."""

    subject: str = "the patient"
    object: str = "the patient"
    possessive: str = "their"
    reflexive: str = "themselves"
    be: str = "is"
    have: str = "has"


NEUTRAL = Pronouns()
MALE = Pronouns("he", "him", "his", "himself")
FEMALE = Pronouns("she", "her", "her", "herself")
MALE_CUES = re.compile(r"(?i)\b(?:\d+\s*-?\s*year[- ]old (?:male|man|gentleman|boy)|mr\.?\s|sir\b)")
FEMALE_CUES = re.compile(
    r"(?i)\b(?:\d+\s*-?\s*year[- ]old (?:female|woman|lady|girl)|mrs\.?\s|ms\.?\s|miss\s|ma'am\b)"
)


def patient_pronouns(sentences: list[SourceSentence]) -> Pronouns:
    """The clinician's words ("a 62-year-old male", "Mrs. …", "sir") decide; silence keeps it neutral."""
    spoken = " ".join(s.text for s in sentences if s.speaker in ("clinician", "dictation", "document"))
    male, female = len(MALE_CUES.findall(spoken)), len(FEMALE_CUES.findall(spoken))
    if male > female:
        return MALE
    if female > male:
        return FEMALE
    return NEUTRAL


def _first_person(p: Pronouns) -> list[tuple[str, str]]:
    # "[Ii]": speech-recognition text writes the pronoun in lower case.
    return [
        (r"\b[Ii]'m\b", f"{p.subject} {p.be}"),
        (r"\b[Ii] am\b", f"{p.subject} {p.be}"),
        (r"\b[Ii]'ve\b", f"{p.subject} {p.have}"),
        (r"\b[Ii] have\b", f"{p.subject} {p.have}"),
        (r"\b[Ii]'d\b", f"{p.subject} would"),
        (r"\b[Ii]'ll\b", f"{p.subject} will"),
        (r"\b[Ii] was\b", f"{p.subject} was"),
        (r"\b[Ii] don't\b", f"{p.subject} does not"),
        (r"\b[Ii] didn't\b", f"{p.subject} did not"),
        (r"\b[Ii] do\b", f"{p.subject} does"),
        (r"\bim\b", f"{p.subject} {p.be}"),
        (r"\bive\b", f"{p.subject} {p.have}"),
        (r"\b[Ii]\b", p.subject),
        (r"\bmy\b", p.possessive),
        (r"\bMy\b", p.possessive.capitalize()),
        (r"\bme\b", p.object),
        (r"\bmyself\b", p.reflexive),
    ]


@dataclass
class Draft:
    subjective: list[str] = field(default_factory=list)
    objective: list[str] = field(default_factory=list)
    assessment: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)

    def sections(self) -> dict[str, str]:
        return {
            "subjective": " ".join(_full_stop(s) for s in self.subjective),
            "objective": "\n".join(f"- {s}" for s in self.objective),
            "assessment": " ".join(_full_stop(s) for s in self.assessment),
            "plan": "\n".join(f"- {s}" for s in self.plan),
        }


def _full_stop(sentence: str) -> str:
    """Prose sections run their sentences together, so a report's unpunctuated line ("No vertigo") needs its
    full stop there; the objective's and plan's lines are bullets and stand alone."""
    return sentence if sentence.rstrip().endswith((".", "!", "?")) else sentence.rstrip() + "."


REPEATED_WORD = re.compile(r"(?i)\b((?:\w+\s+){0,5}?\w+)(?:,?\s+\1\b)+")
"""Speech repeats itself ("I, I see", "with with"); a note says it once."""
SPOKEN_FORMS = [
    (re.compile(r"(?i)\b(?:go ahead and|go on and)\s+"), ""),
    (re.compile(r"(?i),\s*(?:okay|ok|alright|all right|right|so|you see|yeah)\s*(?=,|\.|$)"), ""),
    (re.compile(r"(?i)(?<=[,;]) (?:okay|ok|alright|all right|yeah)\b,?(?= \w)"), ""),
    (re.compile(r"(?i)\bwan na\b"), "want to"),
    (re.compile(r"(?i)\bgon na\b"), "going to"),
    (re.compile(r"(?i)\bgot ta\b"), "got to"),
    (re.compile(r"(?i)^(?:hey,? )?(?:dragon|dax)\b,?\s*"), ""),
    (
        re.compile(
            r"(?i)^(?:(?:okay|ok|so|right|now),?\s+)*(?:let's|let me|i'll just|i'm (?:just )?going to) "
            r"(?:have|take) a (?:quick )?look(?: in (?:your|the|her|his|their) ears?)?(?: now| first)?"
            r"\b[,.]?\s*"
        ),
        "",
    ),
    (re.compile(r"(?i)^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|next|finally|lastly),\s+"), ""),
]
LIST_NUMBER = re.compile(r"(?i)^(?:one|two|three|four|five|six|seven|eight|nine|ten),\s+")
"""A dictated list's "one, … two, …": the note's bullets number the plan. Only in dictation: in a
conversation "Three, I think" answers "how many"."""


NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
}
ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
SMALL = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]"
    + ONES
    + r")?|zero|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|" + ONES + r")"
)
SPOKEN_VALUE = r"(?:(?:a|" + SMALL + r") hundred(?:(?: and)? " + SMALL + r")?|" + SMALL + r")"
"""A number said in words up to 9,999 ("eight hundred", "a hundred and forty", "twenty three hundred")."""
UNIT = (
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|times|pounds|miles|milligrams?|mg|micrograms?|mcg|units|"
    r"percent|decibels?|db|hertz|kilohertz|nights?|episodes?|pills?|tablets?|drinks?|cigarettes?)"
)
COUNTED = re.compile(r"(?i)\b(" + SPOKEN_VALUE + r")(?=(?:\s+(?:to|or)\s+\w+)?\s+" + UNIT + r"\b)")
"""Spoken counts before a unit ("four to five miles", "eight hundred milligrams") as digits, as in notes."""
BLOOD_PRESSURE = re.compile(
    r"(?i)\b(" + SPOKEN_VALUE + r"|(?:one|two) " + SMALL + r"|\d{2,3}) over (" + SPOKEN_VALUE + r"|\d{2,3})\b"
)
"""A blood pressure said aloud ("one fifty over seventy", "a hundred and twenty over eighty") is written
150/70; "one fifty" is how a systolic reading is spoken."""
OUT_OF = re.compile(r"(?i)\b(" + SMALL + r"|\d{1,2}) out of (" + SMALL + r"|\d{1,2})\b")
"""A grade or score ("two out of six systolic murmur", "pain is seven out of ten") as notes write it: 2/6."""
UNITS = [
    (re.compile(r"(?i)\bmilligrams?\b"), "mg"),
    (re.compile(r"(?i)\s?\bpercent\b"), "%"),
    (re.compile(r"(?i)\bdecibels?\b"), "dB"),
]


def _small(words: list[str]) -> int:
    return sum(int(NUMBER_WORDS[word]) for word in words)


def spoken_value(phrase: str) -> int:
    """The value of a phrase matching ``SPOKEN_VALUE`` (or the spoken systolic "one fifty" = 150)."""
    if phrase.isdigit():
        return int(phrase)
    words = [w for w in re.split(r"[- ]+", phrase.lower()) if w != "and"]
    if "hundred" in words:
        at = words.index("hundred")
        before = words[:at]
        return (1 if before in ([], ["a"]) else _small(before)) * 100 + _small(words[at + 1 :])
    if len(words) >= 2 and words[0] in ("one", "two") and int(NUMBER_WORDS[words[1]]) >= 20:
        return int(NUMBER_WORDS[words[0]]) * 100 + _small(words[1:])
    return _small(words)


def _counted(match: re.Match[str]) -> str:
    return str(spoken_value(match.group(1)))


def _pressure(match: re.Match[str]) -> str:
    systolic, diastolic = spoken_value(match.group(1)), spoken_value(match.group(2))
    if 70 <= systolic <= 260 and 30 <= diastolic <= 160 and diastolic < systolic:
        return f"{systolic}/{diastolic}"
    return match.group(0)


def _out_of(match: re.Match[str]) -> str:
    score, scale = spoken_value(match.group(1)), spoken_value(match.group(2))
    return f"{score}/{scale}" if 0 <= score <= scale <= 10 and scale > 1 else match.group(0)


def spoken_numbers(text: str) -> str:
    text = BLOOD_PRESSURE.sub(_pressure, text)
    text = OUT_OF.sub(_out_of, text)
    text = COUNTED.sub(_counted, text)
    text = re.sub(
        r"(?i)\b(" + "|".join(NUMBER_WORDS) + r")(?=,?\s+(?:to|or|maybe|or maybe|and)\s+\d)",
        lambda m: NUMBER_WORDS[m.group(1).lower()],
        text,
    )
    for pattern, replacement in UNITS:
        text = pattern.sub(replacement, text)
    return text


EMOJI = re.compile("[\U0001f000-\U0001faff\ufe0f\u200d]")
"""Emoji from a pasted chat or messaging transcript ("mostly at night 😴"): no note writes them."""


def clean(text: str, spoken: bool = True) -> str:
    """Fillers, repeats and discourse markers go from speech; documents keep their wording."""
    text = EMOJI.sub("", text)
    if spoken:
        for pattern, replacement in SPOKEN_FORMS:
            text = pattern.sub(replacement, text)
        text = FILLERS.sub("", text)
        text = REPEATED_WORD.sub(r"\1", text)
        text = spoken_numbers(text)
        text = LEADING.sub("", text)
    text = text.strip(" ,")
    text = re.sub(r"\s{2,}", " ", text)
    return text[:1].upper() + text[1:] if text else text


def _decapitalised(text: str) -> str:
    """A sentence's words as they read after something before them: "A bit …" → "a bit …"."""
    return text[:1].lower() + text[1:]


AGREEING_VERBS = (
    "feel think know want need get take use hear wear notice say see like hope remember seem sleep work walk "
    "drink smoke eat live play run wake find keep struggle try understand mean tend forget lose miss turn "
    "watch listen wish worry hate love prefer agree sit stand manage cope enjoy bring spend leave start stop "
    "look sound come go do have are were check clean charge change wash press stay talk hug drive "
    "don't haven't aren't weren't"
).split()
"""Verbs that follow the patient's converted "I"/"you" in speech ("I feel" → "she feels"): a closed table,
so agreement never writes a word that is not an inflection of the speaker's own."""
IRREGULAR = {
    "have": "has",
    "do": "does",
    "go": "goes",
    "are": "is",
    "were": "was",
    "don't": "doesn't",
    "haven't": "hasn't",
    "aren't": "isn't",
    "weren't": "wasn't",
}
ADVERBS = (
    "just also still really usually sometimes often never always only kinda actually now even mostly already "
    "rarely occasionally generally probably definitely"
).split()


def _agreement(
    verbs: list[str], adverbs: list[str], coordinated: bool = False, subject: str = "he|she|the patient"
) -> re.Pattern[str]:
    """``coordinated``: a second verb joined to the first by "or"/"and" agrees too ("she lies down or rolls
    over"), unless what follows makes it a noun ("and sleep is poor"). ``subject``: who the converted "I"
    became (a companion's is "her mother")."""
    verb = r"(?:" + "|".join(verbs) + r")\b"
    second = (
        r"(?:(?P<between>(?:\s+[\w']+){0,3}?)\s+(?P<conj>or|and)\s+(?P<second>" + verb + r")"
        r"(?!\s+(?:is|are|was|were|has|have|had|will|can|could|would|should)\b))?"
    )
    return re.compile(
        r"(?i)(?<!\w)(?P<before>\w+\s+)?(?P<subject>" + subject + r")"
        r"(?P<adverbs>(?:\s+(?:" + "|".join(adverbs) + r"))*)"
        r"\s+(?P<verb>" + verb + r")" + (second if coordinated else "")
    )


AGREEMENT = _agreement(AGREEING_VERBS, ADVERBS)
NOTE_AGREEMENT = _agreement(
    AGREEING_VERBS
    + "lie roll move fall teach end ride bend lift carry avoid climb hold pick reach cook swim".split(),
    [*ADVERBS, "ever"],
    coordinated=True,
)
"""The keep model was fitted on sentences agreed by the first table, so that table stays as it is; the note's
own wording gets the fuller one ("every time she lie down or roll over" → "lies … rolls", "if she ever get" →
"gets"). Verbs whose
past is their base ("put", "hurt", "read") are in neither: "she put drops in" may be past."""
AUXILIARY = re.compile(
    r"(?i)^(?:do|does|did|can|could|will|would|should|shall|may|might|must|let|make|help|have|had|to)\s+$"
)
"""After these the verb stays bare ("did she feel", "let her know", "helps him hear")."""


def _third_singular(verb: str) -> str:
    lower = verb.lower()
    if lower in IRREGULAR:
        return IRREGULAR[lower]
    if re.search(r"(?:s|sh|ch|x|z)$", lower):
        return verb + "es"
    if re.search(r"[^aeiou]y$", lower):
        return verb[:-1] + "ies"
    return verb + "s"


def agree(text: str, agreement: re.Pattern[str] = AGREEMENT) -> str:
    """ "He feel", "she were" (a pronoun converted from "I"/"you") → "he feels", "she was"."""

    def fix(match: re.Match[str]) -> str:
        before = match.group("before") or ""
        if before and AUXILIARY.match(before):
            return match.group(0)
        agreed = (
            f"{before}{match.group('subject')}{match.group('adverbs')} {_third_singular(match.group('verb'))}"
        )
        if match.groupdict().get("second"):
            between, conj = match.group("between"), match.group("conj")
            agreed += f"{between} {conj} {_third_singular(match.group('second'))}"
        return agreed

    return agreement.sub(fix, text)


def third_person(text: str, pronouns: Pronouns = NEUTRAL) -> str:
    for pattern, replacement in _first_person(pronouns):
        text = re.sub(pattern, replacement, text)
    return _agreed(text, pronouns)


def _agreed(text: str, pronouns: Pronouns) -> str:
    """Verbs agreed with whoever "I" or "you" became: the patient, or a companion named in full."""
    text = agree(text)
    if pronouns.subject not in ("he", "she", "the patient"):
        text = agree(text, _named_agreement(pronouns.subject))
    return text[:1].upper() + text[1:]


@functools.cache
def _named_agreement(name: str) -> re.Pattern[str]:
    return _agreement(AGREEING_VERBS, ADVERBS, subject=re.escape(name))


FEMALE_RELATIONS = {"mother", "wife", "daughter", "sister", "grandmother"}
MALE_RELATIONS = {"father", "husband", "son", "brother", "grandfather"}
PARENT_VOICES = {"parent", "mother", "father", "guardian"}
SPOUSE_VOICES = {"wife", "husband", "partner", "spouse"}
CHILD_VOICES = {"daughter", "son"}


def _patients(relation: str, patient: Pronouns) -> str:
    """ "her father", or "the patient's father" where the visit gives no pronoun ("their" would read as the
    companion's)."""
    return f"the patient's {relation}" if patient == NEUTRAL else f"{patient.possessive} {relation}"


def companion_pronouns(voice: str, patient: Pronouns) -> Pronouns:
    """How the note names a companion whose "I" it writes: "her mother", "his wife"; a family member whose
    relation the tag does not give is "the family member"."""
    name = "the family member" if voice == "family member" else _patients(voice, patient)
    reflexive = (
        "herself" if voice in FEMALE_RELATIONS else "himself" if voice in MALE_RELATIONS else "themselves"
    )
    return Pronouns(name, name, f"{name}'s", reflexive)


def _relatives(voice: str, patient: Pronouns, whose: str = "my") -> list[tuple[str, str]]:
    """The relatives a companion names ("my husband"), or the clinician names to them ("your husband"),
    as the patient's where the relation says who they are: a parent's husband is the patient's father and
    their son the patient; a spouse's husband, or a son's mother, is the patient."""
    if voice in PARENT_VOICES:
        return [
            (rf"\b{whose} husband\b", _patients("father", patient)),
            (rf"\b{whose} wife\b", _patients("mother", patient)),
            (rf"\b{whose} (?:daughter|son|child|little (?:girl|boy|one))\b", "the patient"),
        ]
    if voice in SPOUSE_VOICES:
        return [(rf"\b{whose} (?:husband|wife|partner|spouse)\b", "the patient")]
    if voice in CHILD_VOICES:
        return [(rf"\b{whose} (?:mother|mum|mom|father|dad)\b", "the patient")]
    return []


CLAUSE_START = (
    r"(?:^|[,;:]\s+|\b(?:and|but|or|if|when|whether|that|so|because|as|until|before|after|while|since|unless|"
    r"once|where|though|then|(?:every|each|any|next) time)\s+)"
)
SUBJECT_YOU = rf"({CLAUSE_START})you\b"
""""you" is the subject at a clause's start ("if you notice", "so you can"); elsewhere ("Dr. Rao sent you",
"I'd refer you") it is the object."""


ASKED_YOU = (
    r"(?i)(?P<lead>^\W*(?:(?:and|so|okay|now),?\s+)*)"
    r"(?P<aux>are|were|do|did|can|could|will|would|have|had|should)\s+you\b"
)
""""you" after the auxiliary that opens a question is its subject ("Are you wearing them every day?" →
"Is she wearing them every day?")."""


VERB_AFTER_YOU = (
    r"(?<!\blet )(?<!\bmake )(?<!\bhelp )"
    r"\byou(?=\s+(?:can|could|will|would|should|must|might|may|did|do|does|don't|didn't|can't|were|was|had|"
    r"need|needed|want|wanted|feel|felt|get|got|mentioned|said|told|noticed|described|reported|went|came|"
    r"started|stopped|tried|used|took|bought|seem|seemed|also|still|just|haven't|hadn't|aren't|weren't|"
    r"won't|wouldn't|couldn't|know|think)\b)"
)
""""you" before a verb is its subject wherever it stands ("I know you did", "it sounds like you were");
after "let", "make", "help" it is the object of the first verb ("let you know")."""


def _asked_aux(aux: str) -> str:
    """The auxiliary agreeing with the one patient it now asks about, in the case it was said in."""
    singular = IRREGULAR.get(aux.lower(), aux.lower())  # "are" → "is"; "can", "did" stay
    return singular.capitalize() if aux[:1].isupper() else singular


def addressed_to_patient(text: str, pronouns: Pronouns = NEUTRAL) -> str:
    """What the clinician said to the patient ("I'll send you a copy") in clinical third person."""
    p = pronouns
    for pattern, replacement in (
        (r"\byou're\b", f"{p.subject} {p.be}"),
        (r"\byou've\b", f"{p.subject} {p.have}"),
        (r"\byou'll\b", f"{p.subject} will"),
        (r"\byou'd\b", f"{p.subject} would"),
        (r"\byou have\b", f"{p.subject} {p.have}"),
        (r"\byou are\b", f"{p.subject} {p.be}"),
        (r"\byour\b", p.possessive),
        (r"\byourself\b", p.reflexive),
        (r"^you\b", p.subject),
        (SUBJECT_YOU, rf"\g<1>{p.subject}"),
        (ASKED_YOU, lambda m: f"{m['lead']}{_asked_aux(m['aux'])} {p.subject}"),
        (VERB_AFTER_YOU, p.subject),
        (r"\byou\b", p.object),
    ):
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return _agreed(text, pronouns)


PLURAL = {_third_singular(verb): verb for verb in AGREEING_VERBS}
"""A verb after "they" in its plural form ("is" → "are", "notices" → "notice"), by the agreement table."""
VERB_AFTER_SUBJECT = re.compile(
    r"(?i)^(?:can|can't|cannot|could|couldn't|will|won't|would|wouldn't|should|shouldn't|might|may|must|had|"
    r"hadn't|did|didn't|\w+ed|\w+ly)$"
)
LATER_MENTION = re.compile(
    rf"(?i)(?P<start>{CLAUSE_START})?\bthe patient(?P<possessive>'s)?"
    r"(?P<adverbs>(?:\s+(?:also|still|just|never|always|usually|often|sometimes|really|only|even|ever|"
    r"already))*)(?:\s+(?P<word>[\w']+))?"
)


def later_mentions(text: str, pronouns: Pronouns = NEUTRAL) -> str:
    """Speech names the patient anew each time ("the patient thought the patient was going deaf"); a note
    names them once per sentence and then uses the pronoun ("the patient thought they were going deaf").
    A mention is the subject at a clause's start or before a verb, otherwise the object ("examine them")."""
    first = re.search(r"(?i)\bthe patient\b", text)
    if first is None:
        return text
    neutral = pronouns.subject == "the patient"
    subject, object_ = ("they", "them") if neutral else (pronouns.subject, pronouns.object)

    def mention(match: re.Match[str]) -> str:
        start, adverbs, word = match.group("start") or "", match.group("adverbs"), match.group("word") or ""
        if match.group("possessive"):
            said = pronouns.possessive
        elif (
            match.group("start") is not None
            or adverbs
            or word.lower() in PLURAL
            or VERB_AFTER_SUBJECT.match(word)
        ):
            said = subject
            if neutral:
                word = PLURAL.get(word.lower(), word)
            elif word.lower() in AGREEING_VERBS:
                word = _third_singular(word)
        else:
            said = object_
        return f"{start}{said}{adverbs}" + (f" {word}" if word else "")

    return text[: first.end()] + LATER_MENTION.sub(mention, text[first.end() :])


def _cleaned(sentence: SourceSentence) -> str:
    """The words said, fillers and identifiers gone, ended as a sentence."""
    text = sentence.text
    if sentence.speaker == "dictation":
        text = LIST_NUMBER.sub("", text)
    text = clean(IDENTIFIER_APPOSITION.sub("", text))
    return text + "." if text[-1:].isalnum() else text  # speech recognition writes no full stops; a note does


def spoken_text(sentence: SourceSentence, pronouns: Pronouns = NEUTRAL) -> str:
    """A spoken sentence as the note would word it: fillers gone, in clinical third person."""
    text = _cleaned(sentence)
    if sentence.speaker == "patient":
        return third_person(text, pronouns)
    if sentence.speaker == "clinician":
        return addressed_to_patient(text, pronouns)
    return text


PARENT_NAMED = re.compile(
    r"(?i)\b(?:attended with|accompanied by|seen with|here with|came with|brought by|i'm|i am)\W+"
    r"(?:(?:\w+|<PERSON_\d+>),\s+)?(?:(?:her|his|their|the patient's|the child's)\s+)?"
    r"(?P<relation>mother|mum|mom|father|dad)\b"
)


def _with_parents_named(sentences: list[SourceSentence]) -> list[SourceSentence]:
    """A "[parent]" tag does not say which parent; the visit often does ("Attended with: mother", "I'm
    Sarah, her mum"), and the note then writes "her mother thinks", as a clinician would. Two different
    answers leave it "parent"."""
    said = (f"{s.label}: {s.text}" if s.label else s.text for s in sentences)
    named = {COMPANION_VOICES[m["relation"].lower()] for text in said for m in PARENT_NAMED.finditer(text)}
    if len(named) != 1:
        return sentences
    relation = named.pop()
    return [dataclasses.replace(s, voice=relation) if s.voice == "parent" else s for s in sentences]


def voiced_pronouns(sentence: SourceSentence, pronouns: Pronouns) -> Pronouns:
    """Whose "I" a sentence's is: the patient's, or the companion's who said it."""
    return companion_pronouns(sentence.voice, pronouns) if sentence.voice else pronouns


def companion_words(sentence: SourceSentence, voice: str, pronouns: Pronouns) -> str:
    """A sentence a companion said, or the clinician said to them, as the note writes it: their "I" (or
    the clinician's "you") is them ("Three, I think", said by the mother → "Three, her mother thinks";
    "I'll copy you in" → "I'll copy her mother in"; but "your GP" is the child's), and a relative named
    is the patient's where the relation says who ("my husband had grommets" → "her father had
    grommets"). The keep model reads every voice on the patient's side as the patient's, as it was
    fitted, so this wording comes after its score."""
    text = _cleaned(sentence)
    clinician = sentence.speaker == "clinician"
    for pattern, relative in _relatives(voice, pronouns, "your" if clinician else "my"):
        text = re.sub(pattern, relative, text, flags=re.IGNORECASE)
    companion = companion_pronouns(voice, pronouns)
    if clinician:
        # "your GP", "your ears" said to a parent are the child's: only "you" is the companion.
        return addressed_to_patient(text, dataclasses.replace(companion, possessive=pronouns.possessive))
    return third_person(text, companion)


VOCATIVE = re.compile(r"^\W*<PERSON_\d+>\s*,")
"""A clinician's sentence to someone by name ("<PERSON_1>, you'll feel a little push"): to the child."""


def _companions_addressed(sentences: list[SourceSentence]) -> dict[int, str]:
    """Clinician's sentences spoken to a companion: the nearest turns of the patient's side before and
    after them are that companion's alone (a child's visit, the parent answering). Where the patient
    speaks on either side, "you" stays the patient."""
    side = [s for s in sentences if s.speaker == "patient"]  # in turn order
    turns = [s.turn for s in side]
    addressed: dict[int, str] = {}
    for s in sentences:
        if s.speaker != "clinician" or VOCATIVE.match(s.text):
            continue
        # A turn has one speaker, so none of the patient's side shares the clinician's turn.
        at = bisect.bisect_left(turns, s.turn)
        voices = {t.voice for t in side[max(0, at - 1) : at + 1]}
        if len(voices) == 1 and (voice := voices.pop()):
            addressed[s.index] = voice
    return addressed


def spoken_section(sentence: SourceSentence, text: str) -> str | None:
    """Where a kept spoken sentence goes: the patient's words are history; the clinician's by what they do."""
    if sentence.speaker == "patient":
        return "subjective"
    dictated = _section_for_heading(sentence.heading)
    if dictated:
        return dictated
    if sentence.speaker == "dictation" and REASON_FOR_VISIT.search(text):
        return "subjective"
    if PLAN.search(text) or (sentence.speaker == "clinician" and ADVICE.match(text)):
        return "plan"
    if sentence.speaker == "clinician" and DEVICE_WORK.search(text):
        return "objective"  # "I'm going to run the feedback test again" is work done, however hedged
    if ASSESSMENT.search(text):
        return "assessment"
    if OBJECTIVE.search(text) or EXAM.search(text):
        return "objective"
    if sentence.speaker == "dictation":
        return "subjective"
    # The clinician's remaining words: what they did to the devices is a finding of the visit (what they
    # told the patient to do went to the plan above, whatever it named). The rest (explanations,
    # reassurance, chat) is "unplaced": the keep model knows it as a feature and decides from data.
    if DEVICE_WORK.search(text) or DEVICE_RECORD.search(text):
        return "objective"
    return None


REASON_FOR_VISIT = re.compile(
    r"\b\d+[- ]year[- ]old\b|^(?i:annual|routine|urgent|follow-up)\b[\w -]*?"
    r"\b(?i:review|re-?evaluation|assessment|check|consult\w*|visit) (?i:for|of) (?:"
    + placeholder_of("PERSON")
    + "|[A-Z])"
)
"""A dictation opens with who the patient is and why they came ("Annual review of a 70-year-old man who
…", "Annual re-evaluation and hearing-aid check for <PERSON_1>"); that is history, though "annual" and
"review" are plan words."""
REFERRED_FOR = re.compile(
    r"(?i)\b(?:(?:was|were|been|being) referred\b"
    r"|(?<!\bi )(?<!\bwe )(?<!\bi've )(?<!\bwe've )(?:referred|sent) "
    r"(?:the patient|her|him|them|us|me|<PERSON_\d+>|(?-i:[A-Z][a-z]+))(?: (?:over|in|here))?"
    r"(?: to (?:us|me|the clinic))? "
    r"(?:an? (?:letter|note|referral|request) )?(?:for|because|with|about|regarding)\b"
    r"|(?<!\bi )(?<!\bwe )\basked (?:us|me) to (?:see|assess|evaluate|check)\b)"
)
"""Who sent the patient and why ("Dr. Ogunleye referred Hope because of concerns about her hearing", "who
was referred by Diane Nelson for …", "he sent the patient over for a nonhealing ulcer", "your GP sent us a
letter about ringing in your ears", "Dr. Ahmed asked us to see whether an implant might help") is the reason
for the visit, history — not the clinician's own referral, which is plan."""
DEVICE_WORK = re.compile(
    r"(?i)\b(?:i've|i have|i'm|i am|we've|we have|i|we)\s+(?:also\s+|just\s+|now\s+)?(?:going to\s+)?"
    r"(?:put|run|ran|added|adding|chang\w*|increas\w*|reduc\w*|decreas\w*|lower\w*|rais\w*|turn\w*|set|"
    r"paired|pairing|connected|"
    r"switch\w*|adjust\w*|swapp\w*|fitted|programm\w*|checked|cleaned|replaced|activat\w*|enabled|"
    r"calibrat\w*|measured|verified|matched|remov\w*)\b"
    r"|\b(?:are|is) (?:now )?(?:connected|paired|set up|programmed)\b"
)
"""What the clinician did to the hearing aids in the room ("I've put the receivers in with medium domes")."""
ADVICE = re.compile(
    r"(?i)^(?:for [\w' ]{1,30}, )?(?:(?:and|so|also|just|then|please|remember to|try to|i'd|i would)\s+)*"
    r"(?:use|sit|wear|charge|wipe|keep|call|"
    r"avoid|try|hold|change|clean|bring|take|put|turn|face|remember|don't|do not|no \w+ing|make sure|stop|"
    r"leave|store|open|close|replace|come back|ring|phone|contact|book|let us know)\b"
    r"|^if\b.*\b(?:call|ring|contact|let us know|come (?:back|in)|go to)\b"
)
"""Instructions the clinician gave ("Charge them every night", "For the phone, hold it above the ear", "If
there's any soreness, call us")."""


def unplaced(sentence: SourceSentence, section: str | None) -> bool:
    """The keep model's "unplaced" feature: the clinician said it and no rule gave it a section."""
    return sentence.speaker == "clinician" and section is None


TOPIC_OPENER = re.compile(
    r"(?i)^(?:(?:and|so|well|alright|all right|okay|ok|sure|now|um|uh|also|then|specifically|"
    r"(?:other )?symptoms(?: like| such as)?|such as|how about|what about|do you have|do you (?:ever )?get|"
    r"have you (?:had|noticed|been having|felt|got)|you've (?:been having|had|noticed)|you're having|no|"
    r"are you (?:having|getting)|did you (?:have|notice|get)|is there|are there|has there been|any other|any|"
    r"like|a|an)\b[\s,]*)+"
)
"""How a yes/no question is put ("and how about, you know, have you had …", "do you get …"): not its topic."""
TOPIC_REJECT = re.compile(
    r"(?i)^(?:it|that|this|they|there|is|are|was|were|do|does|did|can|could|would|will|you|your|he|she|we|"
    r"i|to|the|have|has|had|hit|injure|taken|take|feel|press|but|not|don't|'re|'ve|"
    r"since|when|in|on|at|for)\b|\b(?:i|i'm|we|we're|us|here)\b|"
    r"(?<!\bor )\b(?:are|is|was|were|have|has|do|does)\b"
)
"""A question whose remaining words are not a symptom or a history item ("does it hurt here", "is that
tender where I press", "did you injure yourself") is not folded: "Denies it hurt here" says nothing right."""


BARE_VERB = re.compile(
    r"(?i)\b(?:is|are|was|were|be|been|am|have|has|had|do|does|did|will|would|can|could|should|i|i'm|you|"
    r"you're|we|we're|it|it's|that's|there's|let's|he|she|they|looks?|seems?|shows?)\b"
)
YES_OR_NO = re.compile(r"(?i)^\W*(?:yes|yeah|yep|yup|no|nope|not|never|none|nothing|nah)\b")


CHECKLIST_OPENER = re.compile(r"(?i)^(?:(?:okay|ok|alright|and|so|now|right)\s+)*")


def _checklist_item(line: SourceSentence) -> str | None:
    """A clinician's whole turn that is a bare clinical phrase ("medications", "alcohol", "noise exposure"):
    in speech without punctuation, a history checklist item put as a question."""
    text = CHECKLIST_OPENER.sub("", line.text.strip())
    if (
        line.speaker == "clinician"
        and text[-1:].isalnum()
        and 1 <= len(text.split()) <= 4
        and not re.match(r"(?i)any\b", text)  # "any dizziness" is a yes/no question, folded as one
        and not BARE_VERB.search(text)
        and CLINICAL.search(text)
    ):
        return text
    return None


def _answered_in_words(answer: SourceSentence) -> bool:
    """The patient's answer says something beyond yes or no ("just levothyroxine for my thyroid")."""
    return not YES_OR_NO.match(answer.text) and len(answer.text.split()) >= 2


def _patient_replies(line: SourceSentence, answer: SourceSentence) -> bool:
    """``answer`` is the patient speaking to the clinician's ``line`` in a turn of their own."""
    return line.speaker == "clinician" and answer.speaker == "patient" and answer.turn != line.turn


def _with_bare_questions(sentences: list[SourceSentence]) -> list[SourceSentence]:
    """A recogniser without punctuation turns a checklist question ("family history of hearing loss?",
    "ear infections, ear surgery?", "medications?") into a bare noun phrase, which would read as a finding —
    the opposite of "no, not that I know of". A short clinician turn with no verb or pronoun asked when the
    patient answers yes or no, or, when it names something clinical, answers in words ("just
    levothyroxine")."""
    out = list(sentences)
    for i, (line, answer) in enumerate(itertools.pairwise(sentences)):
        if (
            _patient_replies(line, answer)
            and not line.is_question
            and (i == 0 or sentences[i - 1].turn != line.turn)
            and line.text.rstrip()[-1:].isalnum()
            and len(line.text.split()) <= 8
            and not BARE_VERB.search(line.text)
            and (YES_OR_NO.match(answer.text) or (_checklist_item(line) and _answered_in_words(answer)))
        ):
            out[i] = dataclasses.replace(line, is_question=True)
    return out


QUESTION_AUX = r"(?:do|does|did|have|has|are|is|was|were|can|could|would|will|should)"
LED_IN_QUESTION = re.compile(
    r"(?i)^(?:(?!(?:i|we|they|he|she)\s)[\w']+[\s,]+){1,2}?(?:"
    + QUESTION_AUX
    + r"\s+(?:you|your)\b(?!\s+know\b)|(?:do|did) you know\b"
    + r"|(?:how|what|when|where|which|who|why)\b(?:\s+\S+){0,4}?\s+"
    + QUESTION_AUX
    + r"\s+(?:you|he|she|they|it|we)\b)"
)
"""A question after a word or two of lead-in ("and then have you ever injured this arm", "no and do you have
any problems walking", "tell me have you had pain there before") — not after a subject of the verb's own
("we have you on lisinopril") nor with "you know" as a filler."""


def _with_led_in_questions(sentences: list[SourceSentence]) -> list[SourceSentence]:
    """Recovered boundaries leave the lead-in on the clinician's unpunctuated question, which the opening
    patterns of ``sources`` then miss; decided here, like bare questions, so the keep model's training
    sentences stay as they were."""
    return [
        dataclasses.replace(s, is_question=True)
        if s.speaker == "clinician"
        and not s.is_question
        and s.text.rstrip()[-1:].isalnum()
        and LED_IN_QUESTION.match(s.text)
        else s
        for s in sentences
    ]


NEGATIVE_QUESTION = re.compile(r"(?i)^\W*(?:(?:and|so|okay|ok|but|um)\W+)*no\b")


def _topic(question: str) -> str:
    """The clinical words of a yes/no question ("Any ringing in your ears?" → "ringing in ears"); empty when
    the question does not name a symptom or history item on its own."""
    q = FILLERS.sub("", question.rstrip("?").strip())
    q = re.sub(r"(?i),?\s*(?:or )?(?:anything|something) like that\b|\blike,\s*|,\s*like\b", "", q)
    q = re.sub(r"(?i)\s+(?:or |and )?any\s+", ", ", q)
    q = TOPIC_OPENER.sub("", q)
    q = re.sub(r"(?i)\b(?:that )?you(?:'ve)? (?:notice|noticed|seen|have|feel|get|know)\b\s*", "", q)
    q = re.sub(r"(?i)\b(?:your|you|any)\b\s*", "", q)
    q = re.sub(r"(?i),?\s+or not(?: really)?$", "", q)
    q = REPEATED_WORD.sub(r"\1", q)
    q = re.sub(r"\s*,(?:\s*,)+", ",", q).strip(" ,").lower()
    return "" if TOPIC_REJECT.search(q) else q


RECORD_IDENTIFIER = re.compile(
    r"<(?:PHONE_NUMBER|EMAIL_ADDRESS|MEDICAL_RECORD_NUMBER|INSURANCE_ID|DATE_OF_BIRTH)_\d+>"
)
"""A spoken sentence carrying a record identifier ("my number is <PHONE_NUMBER_1>") checks who the patient
is; the note sits in the patient's record already, so such sentences are not written (masked runs)."""
IDENTIFIER_APPOSITION = re.compile(
    r"(?i),?\s*(?:(?:for|of)\s+(?:(?:mr|mrs|ms|miss|dr)\.?\s+)?" + placeholder_of("PERSON") + "(?=,)|"
    r"(?:date of birth|dob|born|mrn|medical record number|record number|nhs number|phone(?: number)?|"
    r"contact number|e-?mail)\s*(?:is\s+|:\s*)?" + PLACEHOLDER.pattern + ")"
)
"""", date of birth <DATE_OF_BIRTH_1>, MRN <MEDICAL_RECORD_NUMBER_1>" inside a dictated sentence: the record
already says whose note it is, so the identifiers go and the sentence stays."""
IDENTITY_WORDS = re.compile(
    r"\b(?:date of birth|phone number|contact number|your number|number is|phone is|address|e-?mail|spell|"
    r"confirm|(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b[\s,-]*){5}|"
    r"postcode|zip)\b",
    re.IGNORECASE,
)
IDENTITY_CHECK = re.compile(
    r"(" + PLACEHOLDER.pattern + r"|\d{3}|" + IDENTITY_WORDS.pattern + ")", re.IGNORECASE
)
"""Questions that confirm who the patient is ("and your phone is …?") are the record's, not the history's."""
NEGATIVE_LEAD = re.compile(
    r"(?i)^\W*(?:no|nope|not really)\b(?:[,.]?\s*(?:no|nope)\b(?=\W*$|[,.!]|\s+(?:it|its|it's|i|i'm|that|"
    r"not|never|nothing|just)\b))*[,.]?\s*"
    r"(?:nothing like that|not really|none|never)?\b[,.]?\s*"
)
HEDGED_NO = re.compile(
    r"(?i)^(?:i )?(?:don't|do not) think so|^not that i(?:'ve)? (?:know|noticed|can think)"
    r"|^(?:the )?(?:\w+ ){0,2}(?:is|it's|its|that's|thats|are|they're|theyre) "
    r"(?:fine|ok|okay|good|normal|all right|alright)\W*$"
)
""""No, I don't think so" and "no, the right is fine" say no more than "no"."""
PATIENT_ASKS = re.compile(r"(?i)^(?:so |and )?(?:do i (?:need|have) to|should i|must i)\s+(?P<act>.+?)\??$")
AFFIRMATIVE = re.compile(r"(?i)^\W*(?:yes|yeah|yep|definitely|absolutely|please do|you should|you do)\b")


HOW_LONG = re.compile(
    r"(?i)^(?:and |so |okay,? |ok,? )*how long (?:(?P<aux>do|does) (?P<lasting>.+?) "
    r"(?:usually |normally |tend to )?last|have you (?:had|been having|noticed) (?P<had>.+?)|"
    r"(?P<ongoing>has (?:that|this|it) been (?:going on|happening|a problem|bothering you|there)))\??$"
)
"""A duration question ("How long does each spell last?") whose short answer ("Less than a minute.") is only
a fact together with it. Asked of what was just said ("How long has that been going on?", "How long have
you had it?"), the answer is the complaint's duration: "Duration: a couple of years."."""


def _duration(question: str, answer: str) -> str | None:
    """ "How long does each spell last?" + "Less than a minute." → "Each spell lasts less than a minute."."""
    asked = HOW_LONG.match(question.strip())
    said = clean(answer).rstrip(" .!")
    if not asked or not said or len(said.split()) > 10 or SHORT_ANSWER.match(said):
        return None
    first = said.split()[0]
    said = said if len(first) > 1 and first.isupper() else _decapitalised(said)  # "ENT", not "A few"
    if asked["ongoing"]:
        return f"Duration: {said}."
    topic = re.sub(r"(?i)\byour\s+", "", asked["lasting"] or asked["had"]).strip()
    if topic.lower() in ("it", "they", "that", "this", "them", "those", "these"):
        # "It lasts a minute" would not say what does; what it has been is the complaint's duration
        return f"Duration: {said}." if asked["had"] else None
    topic = topic[:1].upper() + topic[1:]
    if asked["lasting"]:
        return f"{topic} {'lasts' if asked['aux'].lower() == 'does' else 'last'} {said}."
    return f"{topic} for {said}."


HOW_MANY = r"(?:one|two|three|four|five|a few|a couple|several)"
QUALIFIED_YES = re.compile(
    r"(?i)^\W*(?:(?:yes|yeah|yep)\b[,.!…]*\s*)?(?P<rest>(?:(?:maybe|perhaps|probably) )?"
    r"(?:a bit|a little|a lot|sometimes|occasionally|mostly|mainly|only|slightly|now and then|on and off|"
    rf"every (?:day|night|morning)|at night|once|twice|{HOW_MANY} times|"
    rf"{HOW_MANY} (?:this|last|a|in the) (?:year|month|week|winter)|"
    r"(?:in|on) (?:the|my) (?:left|right|mornings?|evenings?)|(?:the )?(?:left|right)(?: one| side| ear)?|"
    r"both)\b.*)$"
)
QUALIFIED_WORDS = 10


def _qualified_yes(answer: str, pronouns: Pronouns = NEUTRAL) -> str | None:
    """ "Any soreness?" — "A bit on the left after a long day.": a yes that says how much, how often, when
    or where (→ "Reports soreness, a bit on the left after a long day."; "Any ear infections?" — "Two this
    year" → "Reports ear infections, two this year."); alone it would not say what it is about."""
    match = QUALIFIED_YES.match(clean(answer))
    if not match or len(match["rest"].split()) > QUALIFIED_WORDS:
        return None
    return _decapitalised(third_person(match["rest"], pronouns).rstrip(" .!"))


DID_QUESTION = re.compile(
    r"(?i)^(?:(?:and|so|okay|ok|now)\W+)*did (?:she|he|they|you|the patient|<PERSON_\d+>) "
    r"(?P<verb>pass|fail|have|notice|lose|use|try|wear|finish|complete)\b(?P<rest>[^?]*?)\W*$"
)
PAST = {
    "pass": "passed",
    "fail": "failed",
    "have": "had",
    "notice": "noticed",
    "lose": "lost",
    "use": "used",
    "try": "tried",
    "wear": "wore",
    "finish": "finished",
    "complete": "completed",
}
"""The verbs of history questions asked in the past ("did she pass her newborn hearing screen?"), a closed
table, so a fold never writes a word that is not the verb's own past tense."""
POSSESSIVE = re.compile(r"(?i)\b(?:her|his|your|their|my)\s+")


def _without_yes(answer: str, pronouns: Pronouns) -> str:
    """What an answer says besides its yes ("Yes, both ears passed in the hospital." → "both ears passed in
    the hospital"), in the note's third person."""
    return third_person(clean(re.sub(r"(?i)^\W*(?:yes|yeah|yep)\b[,.!]?\s*", "", answer)), pronouns).rstrip(
        " .!"
    )


def _after_the_no(answer: str, pronouns: Pronouns, asked: str = "") -> str:
    """What a no says besides, as the note says it ("No, I never set it up." → "He never set it up");
    empty where it says no more than the no (a word or two, "I don't think so", "the right is fine") or
    only repeats what was ``asked`` ("no, shortness of breath"). "No, just the blood pressure" names the
    one exception: "Only the blood pressure", where the cleaned "the blood pressure" alone would read as
    a fragment."""
    after = NEGATIVE_LEAD.sub("", answer, count=1)
    rest = clean(after)
    if len(rest.split()) < 3 or HEDGED_NO.match(rest):
        return ""
    if asked and re.sub(r"^no\s+", "", rest.lower().strip(" .")) in asked:
        return ""
    said = third_person(rest, pronouns).rstrip(".")
    if not re.match(r"(?i)\s*(?:just|only)\b", after):
        return said
    return f"Only {said if KEEPS_CAPITAL.match(said) else _decapitalised(said)}"


def _yes_to_alternatives(what: str, answer: str) -> bool:
    """Asked "does she snore or breathe through her mouth?", a yes confirms one of the two, and "Snores or
    breathe …" would say both: the answer stands as said. A no denies both."""
    return bool(re.search(r"(?i)\bor\b", what)) and not NEGATIVE_ANSWER.match(answer)


def _asked_of(what: str, pronouns: Pronouns) -> str:
    """The rest of a question as the note says it of the patient ("the TV streamer we gave you" → "… we
    gave him"), its first word as asked ("TV", not "tV")."""
    return what[:1] + addressed_to_patient(what, pronouns)[1:] if what else what


def _did_it(question: str, answer: str, pronouns: Pronouns = NEUTRAL) -> str | None:
    """ "Did she pass her newborn hearing screen?" — "Yes, both ears passed in the hospital." → "Passed
    newborn hearing screen (both ears passed in the hospital)."; "no" → "Did not pass newborn hearing
    screen."; a yes or no alone is a fact only with its question."""
    asked = DID_QUESTION.match(question.strip())
    if not asked or not CLINICAL.search(asked["rest"]):
        return None
    verb, what = asked["verb"].lower(), _asked_of(POSSESSIVE.sub("", asked["rest"].strip(" ,")), pronouns)
    asked_for = re.sub(r"(?i)^any\s+", "", what)  # "noticed any change" is "noticed a change"
    done = f"{PAST[verb].capitalize()} {asked_for}"
    return _answered(answer, f"Did not {verb} {what}.", done, pronouns, qualified=False, long=f"{done}.")


def _answered(
    answer: str, no: str, done: str, pronouns: Pronouns, qualified: bool, long: str | None = None
) -> str | None:
    """A yes/no question's statement by its answer: ``no`` for a no, ``done`` for a yes, with what the yes
    says besides ("Passed newborn hearing screen (both ears passed in the hospital)."); ``qualified``: an
    answer that only says how often or when ("every morning after the shower") is a yes too; ``long``: the
    statement when what it says is longer than ``QUALIFIED_WORDS`` (None: ``done``, a colon, and the answer
    as said: "Uses hearing protection: sometimes foam plugs but he hates them, …"). A no that goes on
    keeps what follows, as the symptom questions' do ("No, I never set it up." → "Does not use the TV
    streamer. He never set it up.")."""
    if SHORT_ANSWER.match(answer) and NEGATIVE_ANSWER.match(answer):
        return no
    if SHORT_ANSWER.match(answer):
        return f"{done}."
    if NEGATIVE_LEAD.match(answer):
        rest = _after_the_no(answer, pronouns)
        return f"{no} {rest}." if rest else no
    if not (AFFIRMATIVE.match(answer) or (qualified and QUALIFIED_YES.match(clean(answer)))):
        return None
    said = _without_yes(answer, pronouns)
    if not said:
        return f"{done}."
    if len(said.split()) <= QUALIFIED_WORDS:
        return f"{done} ({_decapitalised(said)})."
    return long or f"{done}: {_decapitalised(said)}."


DO_QUESTION = re.compile(
    r"(?i)^(?:(?:and|so|okay|ok|now)\W+)*(?:do (?:you|they)|does (?:he|she|the patient|<PERSON_\d+>)) "
    r"(?P<verb>use|wear|take|play|smoke|drink|work|listen|snore)\b(?P<rest>[^?]*?)\W*$"
)
"""A habit asked about in the present ("do you use cotton buds?", "do you wear hearing protection?", a
parent asked "does he snore at all now?"): the answer is what the patient does, not a symptom they
report."""


def _does_it(question: str, answer: str, pronouns: Pronouns = NEUTRAL) -> str | None:
    """ "Do you use cotton buds?" — "Yeah, every morning after the shower." → "Uses cotton buds (every
    morning after the shower)."; "no" → "Does not use cotton buds."."""
    asked = DO_QUESTION.match(question.strip())
    if not asked or not CLINICAL.search(f"{asked['verb']} {asked['rest']}"):  # "do you smoke?"
        return None
    verb = asked["verb"].lower()
    what = _asked_of(re.sub(r"(?i)^any\s+", "", POSSESSIVE.sub("", asked["rest"].strip(" ,"))), pronouns)
    done = f"{_third_singular(verb).capitalize()} {what}".rstrip()
    # A long answer says more than a yes ("sometimes foam plugs, but I hate them, everything sounds
    # muffled"); it is kept whole after what was asked, which alone it would not name.
    no = f"Does not {verb} {what}".rstrip() + "."
    if _yes_to_alternatives(what, answer):
        return None
    return _answered(answer, no, done, pronouns, qualified=True)


IT_QUESTION = re.compile(
    r"(?i)^(?:(?:and|so|okay|ok|now)\W+)*does (?P<subject>it|the (?:ringing|tinnitus|noise|sound|pain|"
    r"dizziness|spinning|vertigo|fullness|itch|discharge)) (?P<verb>[a-z]+)\b(?P<rest>[^?]*?)\W*$"
)
"""What the complaint does ("Does it pulse with your heartbeat?", "Does the ringing come and go?"): a no
is a pertinent negative of the symptom, not of the patient."""
EXAMINING = re.compile(r"(?i)\b(?:i|me|we|here|there)\b")
"""A question about the complaint that names the examiner or a place on the body ("when I press here") is
part of the examination, not the history."""
IT_VERB_REJECT = re.compile(
    r"(?i)^(?:it|that|this|you|he|she|they|have|has|is|are|do|does|get|happen\w*|hurt|ache|feel|bother)$"
)
"""Not what the complaint does: "does it hurt?" is asked pressing on the body as often as in the history, and
its answer ("no I did that hurts") is the examination's; the general fold has pain by its own topic."""


def _and_third_singular(match: re.Match[str]) -> str:
    return f" and {_third_singular(match[1])}"  # "comes and goes", not "comes and go"


def _does_the_symptom(question: str, answer: str, pronouns: Pronouns = NEUTRAL) -> str | None:
    """ "Does it pulse with your heartbeat?" — "No, it's steady." → "It does not pulse with his heartbeat.
    It's steady." (the sentences before say what "it" is: the note keeps the history in its order); a
    yes → "It pulses with his heartbeat."."""
    asked = IT_QUESTION.match(question.strip())
    if not asked or IT_VERB_REJECT.match(asked["verb"]) or not CLINICAL.search(question):
        return None
    if EXAMINING.search(asked["rest"]):
        return None  # "does it hurt when I press here?" examines; "It does not hurt …" would say nothing
    subject = asked["subject"][:1].upper() + asked["subject"][1:].lower()
    verb, what = asked["verb"].lower(), _asked_of(asked["rest"], pronouns)
    if _yes_to_alternatives(what, answer):
        return None  # "does it come and go or stay?"
    return _answered(
        answer,
        f"{subject} does not {verb}{what}.",
        f"{subject} {_third_singular(verb)}{re.sub(r'^ and ([a-z]+)', _and_third_singular, what)}",
        pronouns,
        qualified=True,
    )


MEDICATION_QUESTION = re.compile(
    r"(?i)^(?:(?:and|so|okay|ok|now)\W+)*(?:(?:are you (?:on|taking)|do you take|what|which|any)\b"
    r".*\b(?:medications?|medicines?|meds|tablets|pills)\b|(?:medications?|medicines?|meds)\W*$)"
)
MEDICATION_WORDS = 20
"""A list of medicines with doses ("aspirin, 81 mg a day, and something for blood pressure, amlodipine")
runs longer than other short answers; longer than this, the answer says more than a list. An answer as long
without a dose or a list ("I don't know, I might miss one now but I try to take them all") is no list."""
MEDICATION_ANSWER_LEAD = re.compile(r"(?i)^(?:(?:yes|yeah|yep|just|only|um|uh)\b[,.]?\s*)+")


def _medications(question: str, answer: str, pronouns: Pronouns = NEUTRAL) -> str | None:
    """ "Are you on any medications?" — "Just the blood pressure one, amlodipine, and aspirin." →
    "Medications: the blood pressure one, amlodipine, and aspirin."; a no → "No regular medications."."""
    if not MEDICATION_QUESTION.match(question.strip()):
        return None
    if SHORT_ANSWER.match(answer) or NEGATIVE_LEAD.match(answer):
        return "No regular medications." if NEGATIVE_ANSWER.match(answer) else None
    named = third_person(clean(MEDICATION_ANSWER_LEAD.sub("", answer.strip())), pronouns).rstrip(" .")
    listed = named.count(",") >= 2 or re.search(r"(?i)\d+\s*(?:mg|milligrams?|mcg|units?)\b", named)
    if not named or len(named.split()) > (MEDICATION_WORDS if listed else QUALIFIED_WORDS):
        return None
    return f"Medications: {_decapitalised(named)}."


RELATIVE = (
    r"(?:grand)?(?:mother|father|mum|mom|dad|ma|pa|parents?)|gran|grandma|grandpa|granddad|nan|nana|"
    r"brothers?|sisters?|siblings?|uncles?|aunts?|aunties?|cousins?|sons?|daughters?|children|kids"
)
FAMILY_QUESTION = re.compile(
    r"(?i)^(?:and |so |what about |how about )?"
    r"(?:any(?:one|body)?|does any(?:one|body)|is there any(?:one|body)?)(?: else)?\s+(?:\w+\s+)?"
    r"(?:in (?:the|your) family|family history of)\s+"
    r"(?:(?:with|who (?:has|had|have|wore|wears)|ha(?:ve|s|d))\s+)?(?P<topic>[^?]+?)\W*$"
)
""""Anyone in the family with hearing loss?", "Any family history of hearing loss?": who is the answer."""
RELATIVES_NAMED = re.compile(
    r"(?i)^(?:(?:yes|yeah|yep)\b[,.]?\s*)?(?P<who>(?:(?:my|our|his|her|both|and|the|on|side|of|maternal|"
    r"paternal|mother's|father's|mum's|dad's|,)\s*)*(?:" + RELATIVE + r")\b(?:(?:\s*,\s*|\s+and\s+|\s+)"
    r"(?:(?:my|his|her|their|both|the|on|side|of|maternal|paternal)\s+)*(?:(?:" + RELATIVE + r")(?:'s)?|side)"
    r"\b)*)\W*$"
)
"""An answer that is only who ("My mother.", "Yes, my dad and his brother.")."""
SELF_CORRECTION = re.compile(r"(?i)^\W*(?:well,?\s+|oh,?\s+)?(?:actually|wait|come to think of it)\b")
ASKED_HEDGE = re.compile(
    r"(?i)\s+(?:that you(?:'re| are)? (?:know|aware) of|at all|or anything(?: like that)?)$"
)
FAMILY_NO = re.compile(
    r"(?i)^\W*(?:(?:no|nope|nobody|no one|none|not that i know of|not that i'm aware of|not as far as i know)"
    r"\b[\s,.!]*)+$"
)
RELATIVE_PRONOUN = {
    **dict.fromkeys(
        "mother mum mom grandmother grandma gran nan nana sister aunt auntie daughter".split(), "she"
    ),
    **dict.fromkeys("father dad grandfather grandpa granddad brother uncle son".split(), "he"),
}
"""Who "she" or "he" right after a relative is named ("My mother. She wore hearing aids …")."""


def _family_history(question: str, answer: str, pronouns: Pronouns = NEUTRAL) -> str | None:
    """ "Anyone in the family with hearing loss?" — "My mother." → "Family history of hearing loss:
    mother." Alone, "My mother." is too short to keep, and what she had is lost with it. A no is "Denies
    family history of hearing loss.", however the question put it ("does anyone in your family have …")."""
    if not (asked := FAMILY_QUESTION.match(question.strip())):
        return None
    topic = ASKED_HEDGE.sub("", asked["topic"].strip())  # "… gi issues that you know of?"
    if FAMILY_NO.match(answer) or (SHORT_ANSWER.match(answer) and NEGATIVE_ANSWER.match(answer)):
        return f"Denies family history of {topic}."
    if NEGATIVE_LEAD.match(answer) and (rest := _after_the_no(answer, pronouns, asked=topic)):
        return f"Denies family history of {topic}. {rest}."  # "no, but my sister has tinnitus"
    if SHORT_ANSWER.match(answer) and AFFIRMATIVE.match(answer):
        return f"Reports family history of {topic}."
    if not (named := RELATIVES_NAMED.match(answer)):
        return None
    who = third_person(re.sub(r"(?i)^(?:my|our)\s+", "", named["who"].strip(" ,")), pronouns)
    return f"Family history of {topic}: {_decapitalised(who)}."


def _relative_named_before(text: str, before: str, pronouns: Pronouns) -> str:
    """ "My mother. She wore hearing aids from her sixties onwards.": in the note the patient is "she" too,
    so the pronoun would make the mother's hearing aids the patient's; it becomes the relative named just
    before ("Their mother wore hearing aids …")."""
    if not (named := RELATIVES_NAMED.match(before.strip())):
        return text
    relatives = re.findall(r"(?i)\b(?:" + RELATIVE + r")\b", named["who"])
    if len(relatives) != 1 or not (pronoun := RELATIVE_PRONOUN.get(relatives[0].lower())):
        return text
    if not re.match(rf"(?i){pronoun}\b", text):
        return text
    return f"{pronouns.possessive.capitalize()} {relatives[0].lower()}{text[len(pronoun) :]}"


def _fold_answers(
    sentences: list[SourceSentence], pronouns: Pronouns = NEUTRAL
) -> dict[int, tuple[str, str]]:
    """Question-and-answer pairs folded into one statement (section, text):

    - clinician's yes/no question + the patient's answer → "Reports …"/"Denies …" (a "no, but …" answer
      keeps what follows the no);
    - patient's "do I need to …?" + the clinician's yes → "Advised to …" in the plan, a no → "Advised there
      is no need to …";
    - clinician's "how long does … last?" + a short answer → "… lasts <answer>";
    - clinician's bare checklist item + the patient's words → "Medications: levothyroxine for the thyroid."
    """
    folded: dict[int, tuple[str, str]] = {}
    for i, s in enumerate(sentences[:-1]):
        answer = sentences[i + 1]
        voiced = voiced_pronouns(answer, pronouns)  # a companion's answer: their "I" is theirs
        spoken_pair = s.speaker == "clinician" and answer.speaker == "patient" and not answer.is_question
        then = sentences[i + 2] if i + 2 < len(sentences) else None
        if (
            then is not None
            and (then.turn, then.speaker) == (answer.turn, answer.speaker)
            and SELF_CORRECTION.match(then.text)
            and (NEGATIVE_LEAD.match(answer.text) or HEDGED_NO.match(answer.text))
        ):
            continue  # "Not that I can think of. Well, actually, my sister …": the no is taken back
        if spoken_pair and (duration := _duration(s.text, answer.text)):
            folded[answer.index] = ("subjective", duration)
            continue
        if (
            spoken_pair
            and s.is_question
            and (
                statement := _did_it(s.text, answer.text, voiced)
                or _medications(s.text, answer.text, voiced)
                or _family_history(s.text, answer.text, voiced)
                or _does_it(s.text, answer.text, voiced)
                or _does_the_symptom(s.text, answer.text, voiced)
            )
        ):
            folded[answer.index] = ("subjective", statement)
            continue
        if spoken_pair and s.is_question and (item := _checklist_item(s)) and _answered_in_words(answer):
            value = third_person(clean(answer.text), voiced).rstrip(".")
            folded[answer.index] = (
                "subjective",
                f"{item[:1].upper()}{item[1:]}: {_decapitalised(value)}.",
            )
            continue
        if (
            s.speaker == "clinician"
            and s.is_question
            and answer.speaker == "patient"
            and CLINICAL.search(s.text)
            and not IDENTITY_CHECK.search(s.text)
        ):
            topic = _topic(s.text)
            # "No headaches?" — "no" denies them; a "yes" might confirm either reading, so it is not folded.
            if not topic or (NEGATIVE_QUESTION.match(s.text) and not NEGATIVE_ANSWER.match(answer.text)):
                continue
            if SHORT_ANSWER.match(answer.text):
                verb = "Denies" if NEGATIVE_ANSWER.match(answer.text) else "Reports"
                folded[answer.index] = ("subjective", f"{verb} {topic}.")
            elif (named := _denied_alone(topic, answer.text, voiced)) is not None:
                # Asked "any dizziness, ear pain, or fullness?", "No dizziness." denies only that; what
                # follows may report another ("The left ear feels a bit full sometimes.").
                folded[answer.index] = ("subjective", f"Denies {named}.")
            elif NEGATIVE_LEAD.match(answer.text):
                rest = _after_the_no(answer.text, voiced, asked=topic)
                folded[answer.index] = ("subjective", f"Denies {topic}." + (f" {rest}." if rest else ""))
            elif (" or " not in topic or AFFIRMATIVE.match(answer.text)) and (
                qualified := _qualified_yes(answer.text, voiced)
            ):
                # Asked "any soreness or whistling?", "the right one whistles" reports one of the two;
                # only a "yes" confirms what was asked.
                folded[answer.index] = ("subjective", f"Reports {topic}, {qualified}.")
        elif s.speaker == "patient" and answer.speaker == "clinician":
            asks = PATIENT_ASKS.match(s.text.strip())
            if not (asks and CLINICAL.search(s.text + " " + answer.text)):
                continue
            act = re.sub(
                r"(?i)\b(?:my|me)\b",
                lambda m: {"my": "their", "me": "them"}[m.group(0).lower()],
                asks["act"],
            )
            act = re.sub(r"(?i)\s+(?:or|and)\W*$", "", act.rstrip("?. "))
            if AFFIRMATIVE.match(answer.text):
                folded[answer.index] = ("plan", f"Advised to {act}.")
            elif NEGATIVE_LEAD.match(answer.text):
                # "Do I need to have the wax taken out?" — "No, it's not enough to affect the aid."
                rest = _after_the_no(answer.text, pronouns)
                folded[answer.index] = (
                    "plan",
                    f"Advised there is no need to {act}." + (f" {rest}." if rest else ""),
                )
    folded |= _later_denials(sentences, folded, pronouns)
    # What a companion answered is theirs to report: "Her mother reports ear infections, two this year."
    voices = {s.index: s.voice for s in sentences if s.voice}
    return {
        index: (section, _attributed(text, companion_pronouns(voices[index], pronouns)))
        if index in voices
        else (section, text)
        for index, (section, text) in folded.items()
    }


TOPIC_ITEMS = re.compile(r"\s*(?:,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+)")


DENIED_ITEM = re.compile(r"(?i)^\W*(?:no\W+)?no\s+(?P<item>[\w -]+?)(?:\W+but\s+(?P<but>.+?))?\W*$")


def _denied_alone(topic: str, answer: str, pronouns: Pronouns = NEUTRAL) -> str | None:
    """One item of a question's several, named after the no: "No dizziness." → "dizziness"; "No fever but
    some chills at night." → "fever. Some chills at night" (the but reports another); None otherwise."""
    items = [item for item in TOPIC_ITEMS.split(topic) if item]
    match = DENIED_ITEM.match(clean(answer))
    if len(items) < 2 or not match:
        return None
    named = match["item"].lower()
    if re.match(r"(?i)(?:not|nothing|none|never|really)\b", named) or named not in items or named == topic:
        return None  # "or not really" trails the question; "no, not really" is a plain no
    if not match["but"]:
        return named
    but = third_person(match["but"], pronouns)
    return f"{named}. {but[:1].upper()}{but[1:]}"


def _later_denials(
    sentences: list[SourceSentence], folded: dict[int, tuple[str, str]], pronouns: Pronouns = NEUTRAL
) -> dict[int, tuple[str, str]]:
    """Asked "any ringing or dizziness?", the answer "Ringing in both ears, always. No dizziness." denies the
    second item in a sentence of its own, which alone ("No dizziness.") is too short to keep."""
    out: dict[int, tuple[str, str]] = {}
    for i, question in enumerate(sentences[:-1]):
        if not (question.speaker == "clinician" and question.is_question and CLINICAL.search(question.text)):
            continue
        topic = _topic(question.text)
        answer_turn = sentences[i + 1].turn
        for later in sentences[i + 2 :]:
            if later.turn != answer_turn or later.speaker != "patient":
                break
            named = None if later.index in folded else _denied_alone(topic, later.text, pronouns)
            if named is not None:
                out[later.index] = ("subjective", f"Denies {named}.")
    return out


REPORTED = re.compile(r"^(Reports|Denies) ")


def _attributed(statement: str, companion: Pronouns) -> str:
    if match := REPORTED.match(statement):
        name = companion.subject[:1].upper() + companion.subject[1:]
        return f"{name} {match[1].lower()} {statement[match.end() :]}"
    return statement


ADMIN_LABEL = re.compile(
    r"(?i)^(patient|name|dob|date of birth|mrn|acct|account|nhs|tel|phone|contact|address|audiologist|"
    r"clinician|provider|health plan|insurance|insurer|member|payer|referr(?:er|ing|ed by)|cc|signed|"
    r"(?:test|fitting|visit|report|service) date|date|time|clinic|location|transducer|equipment)"
)
"""Document labels of the record's envelope (who, where, when, billing): identifiers, not clinical content."""
RECORD_LABEL = re.compile(
    r"(?i)^(devices?|hearing aids?|receivers?|domes?|earmolds?|programs?|controls?|connectivity|"
    r"prescription|verification|fine-tuning|mpo|feedback|cosi|goals?|trial|warranty|datalogging|"
    r"otoscopy|tympanometry|reflexes|oae|speech|srt|wrs|questionnaires?|tfi|thi|hhie|vestibular|"
    r"counsell?ing|accessories)"
)


def _section_for_heading(heading: str | None) -> str | None:
    """The SOAP section a report heading or a dictated section name stands for."""
    head = (heading or "").upper()
    if head.startswith("DIAGNOSIS"):
        return "assessment"
    if any(
        k in head
        for k in (
            "RECOMMEND",
            "PLAN",
            "REFERRAL",
            "NEXT",
            "FOLLOW",
            "TREATMENT",
            "PROCEDURE",
            "MANAGEMENT",
            "ACTION",
            "DISPOSITION",
        )
    ):
        return "plan"
    if any(k in head for k in ("SUMMARY", "IMPRESSION", "ASSESSMENT", "CONCLUSION", "INTERPRETATION")):
        return "assessment"
    if any(k in head for k in ("HISTORY", "COMPLAINT", "REASON", "SUBJECTIVE")):
        return "subjective"
    if any(
        k in head
        for k in (
            "OTOSCOPY",
            "TYMPANOMETRY",
            "SPEECH",
            "REFLEX",
            "OAE",
            "FINDINGS",
            "VERIFICATION",
            "VESTIBULAR",
            "OBJECTIVE",
            "RESULTS",
            "EXAM",
        )
    ):
        return "objective"
    return None


def _section_for_document(sentence: SourceSentence) -> str | None:
    if sentence.label and RECORD_LABEL.match(sentence.label):
        return "plan" if re.match(r"(?i)(counsell?ing|trial|warranty)", sentence.label) else "objective"
    # "LABEL / BLOCK": the line's own label decides first, the block it sits in only where the label is mute.
    for part in (sentence.heading or "").split(" / "):
        section = _section_for_heading(part)
        if section:
            return section
    return None


SECTION_LABEL = re.compile(
    r"(?i)^(impression|summary|assessment|diagnos[ie]s|conclusions?|interpretation|plan|recommendations?|"
    r"actions?|history|"
    r"reason for (?:visit|referral)|complaint|chief complaint)$"
)
"""Labels that only name a note section; the note's own section heading says it already."""


TABLE_WORDS = {"db", "hl", "hz", "khz", "dapa", "ml", "right", "left", "r", "l", "nr", "nt", "at"}
LEGEND = re.compile(
    r"(?i)(\*\s*=|\b(?:NR|NT)\s*=|^(?:pure[- ]tone )?thresholds,? (?:in )?\(?dB HL\)?\.?$|"
    r"^(?:pure[- ]tone|audiometry|thresholds|tympanometry)\b[^.;]{0,40}"
    r"\((?:[^)]*\b(?:dB HL|Hz|probe|earphones|phones|TDH-?\d+)\b[^)]*)\)[.;:]?"
    r"(?![^.;]*\b(?:Type\s+[ABC]|NR\b|\d+(?:\.\d+)?\s*(?:ml|daPa|dB|%))))"
)
"""A table's caption or key ("Pure-tone thresholds, dB HL (insert earphones). * = masked"); not a result
line that opens like one ("Tympanometry (226 Hz): R Type B (no peak)")."""


def _is_table_line(text: str, labelled: bool = False) -> bool:
    """A table row or caption: the numbers belong to the parsed audiogram, not to note prose. A labelled
    line ("SRT: R 55 dB HL; L 50 dB HL") is a result, however terse."""
    tokens = text.split()
    numeric = sum(1 for t in tokens if re.fullmatch(r"[\d*.%|/-]+|NR|NT", t))
    words = re.findall(r"[A-Za-z]+", text)
    if "|" in text or (len(tokens) >= 4 and numeric / len(tokens) > 0.5):
        return True
    units_only = bool(words) and numeric >= 2 and all(w.lower() in TABLE_WORDS for w in words)
    return not labelled and (units_only or bool(LEGEND.search(text)))


def _place_document_line(sentence: SourceSentence, text: str) -> str | None:
    """A report line's section: by its label or heading, else Objective for test and device results."""
    line = f"{sentence.label}: {sentence.text}" if sentence.label else sentence.text
    if (
        _is_table_line(sentence.text, labelled=sentence.label is not None)
        or re.match(r"(?i)^(freq|frequency|ear\s+(srt|type))\b", text)
        or frequency_header(line)
        or states_thresholds(line)
    ):
        return None
    section = _section_for_document(sentence)
    if section:
        return section
    if sentence.label:
        return "objective"  # a report's "Label: value" line is a result ("Pitch match: 6000 Hz NBN")
    if not (CLINICAL.search(text) or DEVICE_RECORD.search(text)):
        return None
    return "objective" if OBJECTIVE.search(text) or DEVICE_RECORD.search(text) else None


def _ear_phrase(ear: str, f: EarFindings) -> str | None:
    if f.pta_db is None:
        return None
    side = ear.capitalize()
    if f.loss_type == "normal":
        return f"{side} ear: hearing within normal limits{_to_8000(f)}."
    if f.loss_type and f.degree == "normal":
        return f"{side} ear: {_region(f)}{f.loss_type} hearing loss ({NORMAL_PTA})."
    if f.loss_type:
        return f"{side} ear: {f.degree} {f.loss_type} hearing loss."
    # The PTA itself is the objective's; said here too, it would make that line look like a repeat.
    if f.degree == "normal":
        return f"{side} ear: {_region(f)}hearing loss ({NORMAL_PTA}); {_untyped(f)}."
    return f"{side} ear: {f.degree} hearing loss; {_untyped(f)}."


def _untyped(f: EarFindings) -> str:
    """Why the type is open: bone conduction not tested, or tested without a response at the audiometer's
    limits (no air-bone gap can then be measured)."""
    if f.bone_no_response:
        return "type not determined (no bone-conduction response at the audiometer's limits)"
    return "type not determined without bone conduction"


NORMAL_PTA = "PTA within normal limits"


def _to_8000(f: EarFindings) -> str:
    """Normal hearing is normal on the conventional audiogram only, where the extended high frequencies
    are not."""
    return " to 8000 Hz" if f.extended_high_raised else ""


def _extended_high_phrases(right: EarFindings, left: EarFindings) -> tuple[str | None, str | None]:
    """The thresholds above 8 kHz (objective) and whether they are raised (assessment): what ototoxicity
    monitoring compares against its baseline, and often the first sign of noise or drug damage."""
    sides = [(ear, f) for ear, f in (("right", right), ("left", left)) if f.extended_high]
    if not sides:
        return None, None
    values = "; ".join(
        f"{ear} " + ", ".join(f"{hz:g} Hz {'NR' if db is None else f'{db:g}'}" for hz, db in f.extended_high)
        for ear, f in sides
    )
    objective = f"Extended high-frequency thresholds (dB HL): {values}."
    raised = [ear for ear, f in sides if f.extended_high_raised]
    if not raised:
        return objective, None
    if len(raised) == 2:
        return objective, "Bilateral extended high-frequency hearing loss (above 8000 Hz)."
    return objective, f"{raised[0].capitalize()} ear: extended high-frequency hearing loss (above 8000 Hz)."


def _pta(f: EarFindings) -> str:
    """An NR counted at the audiometer's limit makes the average a floor, not a measurement."""
    if f.pta_includes_no_response:
        return f"≥ {f.pta_db:g} dB HL (NR counted at the limit)"
    return f"{f.pta_db:g} dB HL"


def _region(f: EarFindings) -> str:
    """ "high-frequency " for a loss the PTA misses, where the audiogram says which end it lies at."""
    return f"{f.raised_outside_pta} " if f.raised_outside_pta else ""


def _hearing_phrases(right: EarFindings, left: EarFindings) -> list[str]:
    """Both ears alike is one bilateral statement, as clinicians write it; otherwise one line per ear (a
    pair of near-identical lines invites the redundancy filter to keep one ear and drop the other)."""
    if (
        right.pta_db is not None
        and left.pta_db is not None
        and right.loss_type
        and (right.degree, right.loss_type) == (left.degree, left.loss_type)
    ):
        if right.loss_type == "normal":
            return [f"Hearing within normal limits{_to_8000(right) or _to_8000(left)} bilaterally."]
        if right.degree != "normal":
            return [f"Bilateral {right.degree} {right.loss_type} hearing loss."]
        region = _region(right) if right.raised_outside_pta == left.raised_outside_pta else ""
        return [f"Bilateral {region}{right.loss_type} hearing loss ({NORMAL_PTA})."]
    if (
        right.pta_db is not None
        and left.pta_db is not None
        and not right.loss_type
        and not left.loss_type
        and right.degree == left.degree
        and _untyped(right) == _untyped(left)
    ):
        if right.degree != "normal":
            return [f"Bilateral {right.degree} hearing loss; {_untyped(right)}."]
        if right.raised_outside_pta == left.raised_outside_pta:
            return [f"Bilateral {_region(right)}hearing loss ({NORMAL_PTA}); {_untyped(right)}."]
    return [p for ear, f in (("right", right), ("left", left)) if (p := _ear_phrase(ear, f))]


def _hz_list(frequencies: tuple[int, ...]) -> str:
    names = [f"{hz:g}" for hz in frequencies]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


def _no_response_phrase(right: tuple[int, ...], left: tuple[int, ...]) -> str | None:
    """NR thresholds are findings in their own right (the loss exceeds the audiometer there)."""
    if not right and not left:
        return None
    if right == left:
        return f"No response (NR) at {_hz_list(right)} Hz bilaterally at the audiometer's limits."
    parts = [f"{ear} at {_hz_list(hz)} Hz" for ear, hz in (("right", right), ("left", left)) if hz]
    return f"No response (NR) at the audiometer's limits: {'; '.join(parts)}."


def _notch_phrase(right: int | None, left: int | None) -> str | None:
    if right and right == left:
        return f"Bilateral noise notch at {right:g} Hz."
    if right and left:
        return f"Noise notch at {right:g} Hz right, {left:g} Hz left."
    if right or left:
        return f"{'Right' if right else 'Left'} ear: noise notch at {right or left:g} Hz."
    return None


ASYMMETRY = "Significant interaural asymmetry,"
RETROCOCHLEAR_ADVICE = ": consider referral to rule out retrocochlear pathology"
ASYMMETRY_NAMED = re.compile(r"(?i)\basymmetr")
RETROCOCHLEAR_REFERRAL = re.compile(
    r"(?i)\b(?:ENT|otolaryngolog\w*|neurotolog\w*|MRI|retrocochlear|internal auditory canals?|IACs?)\b"
)


def _asymmetry_as_recorded(chosen: list[_Candidate]) -> list[_Candidate]:
    """The computed asymmetry flag exists to prompt the retrocochlear work-up. Where the report or the
    clinician names the asymmetry, the flag only says it again; where they refer the patient (ENT, MRI of
    the internal auditory canals), the advice is done and the finding alone stays."""
    recorded = [c.text for c in chosen if c.speaker not in ("findings", "patient")]
    kept = []
    for candidate in chosen:
        if candidate.speaker == "findings" and candidate.text.startswith(ASYMMETRY):
            if any(ASYMMETRY_NAMED.search(text) for text in recorded):
                continue
            if any(RETROCOCHLEAR_REFERRAL.search(text) for text in recorded):
                candidate.text = candidate.text.replace(RETROCOCHLEAR_ADVICE, "")
        kept.append(candidate)
    return kept


def render_findings(findings: AudiologyFindings | None) -> tuple[list[str], list[str]]:
    """Objective and assessment sentences from the computed audiology findings."""
    if findings is None or not findings.has_audiogram:
        return [], []
    objective, assessment = [], []
    r, left = findings.right, findings.left
    if r.pta_db is not None and left.pta_db is not None:
        objective.append(f"PTA (500/1000/2000 Hz): right {_pta(r)}, left {_pta(left)}.")
    no_response = _no_response_phrase(r.no_response_hz, left.no_response_hz)
    if no_response:
        objective.append(no_response)
    if r.tympanometry_type and r.tympanometry_type == left.tympanometry_type:
        objective.append(f"Tympanometry: Type {r.tympanometry_type} bilaterally.")
    elif tymp := [
        f"{ear} Type {f.tympanometry_type}"
        for ear, f in (("right", r), ("left", left))
        if f.tympanometry_type
    ]:
        objective.append("Tympanometry: " + ", ".join(tymp) + ".")
    srt = [f"{ear} {f.srt_db:g} dB HL" for ear, f in (("right", r), ("left", left)) if f.srt_db is not None]
    wrs = [
        f"{ear} {f.wrs_percent:g}%" for ear, f in (("right", r), ("left", left)) if f.wrs_percent is not None
    ]
    if srt or wrs:
        parts = ([f"SRT {', '.join(srt)}"] if srt else []) + ([f"WRS {', '.join(wrs)}"] if wrs else [])
        objective.append("Speech audiometry: " + "; ".join(parts) + ".")
    extended_objective, extended_assessment = _extended_high_phrases(r, left)
    if extended_objective:
        objective.append(extended_objective)
    assessment.extend(_hearing_phrases(r, left))
    if extended_assessment:
        assessment.append(extended_assessment)
    notch = _notch_phrase(r.notch_hz, left.notch_hz)
    if notch:
        assessment.append(notch)
    if findings.asymmetry.significant and findings.asymmetry.reason:
        working = findings.asymmetry.reason.removeprefix("interaural difference ")
        assessment.append(
            f"{ASYMMETRY} {findings.asymmetry.worse_ear} ear worse ({working}){RETROCOCHLEAR_ADVICE}."
        )
    return objective, assessment


CONTENT_WORD = re.compile(r"[a-z]+|\d+(?:\.\d+)?%?")
SIDE = {"r": "right", "l": "left", "rt": "right", "lt": "left"}
FUNCTION_WORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "is",
    "was",
    "were",
    "be",
    "been",
    "are",
    "as",
    "it",
    "this",
    "that",
    "these",
    "those",
    "has",
    "have",
    "had",
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "him",
    "them",
    "patient",
    "patients",
    "which",
    "what",
    "there",
    "we",
    "our",
    "us",
    "i",
    "you",
    "your",
    "my",
    "me",
    "so",
    "but",
    "also",
    "very",
    "would",
    "will",
    "can",
    "do",
    "does",
    "did",
    "about",
    "some",
    "any",
    "all",
    "both",
    "each",
    "if",
    "when",
    "then",
    "than",
}


ABBREVIATIONS = {
    "snhl": "sensorineural hearing loss",
    "chl": "conductive hearing loss",
    "tm": "tympanic membrane",
    "tms": "tympanic membranes",
    "wrs": "word recognition score",
    "srt": "speech reception threshold",
    "pta": "pure-tone average",
    "bte": "behind-the-ear",
    "ric": "receiver-in-canal",
    "rite": "receiver-in-the-ear",
    "ite": "in-the-ear",
    "cic": "completely-in-canal",
    "rem": "real-ear measurement",
    "ac": "air conduction",
    "bc": "bone conduction",
    "oae": "otoacoustic emissions",
    "oaes": "otoacoustic emissions",
    "dpoae": "otoacoustic emissions",
    "dpoaes": "otoacoustic emissions",
    "ent": "ear nose throat",
    "nr": "no response",
    "ecv": "ear canal volume",
}
"""A report writes "SNHL", "TMs", "BTE" where speech and dictation say the words; compared as words, the
two say the same thing."""
ABBREVIATION = re.compile(r"(?i)\b(" + "|".join(ABBREVIATIONS) + r")\b")
LAY_NAMES = {
    "eardrum": "tympanic membrane",
    "eardrums": "tympanic membranes",
    "pressure test": "tympanometry",
    "pressure tests": "tympanometry",
    "reflex test": "acoustic reflexes",
    "reflex tests": "acoustic reflexes",
}
"""What a clinician calls a test or a structure talking to the patient ("the pressure test is normal") is
what the report names it ("Tympanometry: R Type A"): the same finding in other words."""
LAY_NAME = re.compile(r"(?i)\b(" + "|".join(LAY_NAMES) + r")\b")


KHZ = re.compile(r"(?i)\b(\d+(?:\.\d+)?)(?:\s*(-|–|to)\s*(\d+(?:\.\d+)?))?\s*kHz\b")
"""A report's "notch at 3-4 kHz" is speech's "three and four thousand hertz" and the computed "4000 Hz"."""
TYMPANOGRAM_TYPE = re.compile(r"\b(?:[Tt]ype\s+|(?<=\b[RL] ))(A[sd]?|B|C)\b(?!-)")
"""Jerger's types are letters ("Type As", "R As (-20 daPa …)") — too short to count as words, yet the whole
finding; "As" would read as the function word."""


TYMPANOMETRY = re.compile(r"(?i)\btymp")
TYMPANOGRAM_SHORTHAND = re.compile(r"\b([RL] )(A[sd]?|B|C)(?=\s*[(;,]|\s*$)")
"""A report's "Tympanometry: R As (-20 daPa …)" reads "R Type As" in the note, as the computed line and
the clinician's words name it."""


def _in_hz(match: re.Match[str]) -> str:
    low, dash, high = match.groups()
    if high is None:
        return f"{float(low) * 1000:g} Hz"
    return f"{float(low) * 1000:g}{dash}{float(high) * 1000:g} Hz"


def _spelled_out(text: str) -> str:
    """Abbreviations spelled out, kilohertz as hertz, Jerger's types as words and accents dropped ("Naída"
    is "Naida")."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _in_full(TYMPANOGRAM_TYPE.sub(lambda m: f"{m.group(1)}type", KHZ.sub(_in_hz, text)))


def _in_full(text: str) -> str:
    """The clinician's lay names as the report's, the report's abbreviations spelled out: how a sentence and
    a written line are put in the same words before their meanings are compared."""
    text = LAY_NAME.sub(lambda m: LAY_NAMES[m.group(1).lower()], text)
    return ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(1).lower()], text)


BOTH_EARS = re.compile(r"(?i)\b(?:both|each|either) (?:ears|sides|ear|side)\b|\bon both sides\b")
"""Said of the ears, "both ears" and "both sides" are "bilateral": right and left."""


def content_terms(text: str) -> set[str]:
    """A sentence's content as comparable terms: words cut to five letters (so "tympanometry" meets
    "tympanogram"), numbers as written, R/L as right/left, abbreviations spelled out. A masked identifier
    counts as its kind ("<PERSON_1>" → "person"), never as the number 1."""
    terms = set()
    text = BOTH_EARS.sub("bilateral", _spelled_out(readable(text)))
    for word in CONTENT_WORD.findall(text.lower()):
        word = SIDE.get(word, word)
        if word in FUNCTION_WORDS or (word.isalpha() and len(word) < 2):
            continue
        if word.startswith("bilat"):
            terms |= {"right", "left"}
            continue
        terms.add(word[:5] if word.isalpha() else word)
    return terms


COVERED = 0.85
COVERED_RESULT = 0.6
"""A sentence whose terms are this much already in the note adds nothing a clinician would miss."""
RESULT_WORDS = re.compile(r"(?i)\b(?:right|left|ears?|db|decibels?|hz|hertz|percent)\b|%")
"""A spoken sentence that names an ear or a unit reads like a result from the record."""


def _clinical_words(text: str) -> bool:
    """The prior's vocabulary: symptoms and conditions, and the test and fitting record's own words
    ("the datalogging shows 9.4 hours a day")."""
    return bool(CLINICAL.search(text) or DEVICE_RECORD.search(text) or OBJECTIVE.search(text))


def _number_known(number: str, note_terms: set[str]) -> bool:
    """A number the note gives, exactly or rounded: a report's "PTA R 63 dB HL" is the computed 63.3."""
    if number in note_terms:
        return True
    value = _as_float(number)
    return value is not None and any(
        (other := _as_float(term)) is not None
        and ("." in term or "." in number)
        and round(other) == round(value)
        for term in note_terms
        if term[:1].isdigit() and term.endswith("%") == number.endswith("%")
    )


def _as_float(term: str) -> float | None:
    try:
        return float(term.rstrip("%"))
    except ValueError:
        return None


def _covered(text: str, note_terms: set[str], spoken: bool = False) -> bool:
    """``spoken``: said aloud, where a result read from the record is worded freely ("she repeated 88%
    correctly in the right ear and 84% in the left"); two or more numbers all in the note already are the
    record's, whatever the words around them, when the sentence reads like a result (an ear, a unit) —
    "gigs 3 maybe 4 nights a week" is not the report's "notch at 3-4 kHz"."""
    terms = content_terms(text)
    numbers = {t for t in terms if not t.isalpha()}
    if not terms or not all(_number_known(n, note_terms) for n in numbers):
        return False  # a number the note lacks is a fact the note lacks
    share = len(terms & note_terms) / len(terms)
    if spoken and len(numbers) >= 2 and RESULT_WORDS.search(text):
        return True
    # A result line whose every number the note already gives only rewords it.
    return share >= (COVERED_RESULT if len(numbers) >= 2 else COVERED)


@dataclass
class _Candidate:
    order: int
    section: str
    text: str
    speaker: str
    priority: tuple[int, float]
    """Lower is considered first: computed findings, then written documents, then speech by keep score."""


EXPLANATION = re.compile(
    r"(?i)\b(caus\w*|due to|because of|consistent with|means|explains?|diagnos\w*|impaction|"
    r"it's \w+ (?:loss|wax))\b"
)


def _with_an_assessment(chosen: list[_Candidate]) -> list[_Candidate]:
    """Every note needs an assessment. Where no sentence was placed there (no audiogram, nothing said in
    diagnostic words), the clinician's own explanation of the problem ("the wax itself causes a hearing
    loss, so we'll defer the test") moves there from the plan — or from the objective findings, when that
    leaves the objective something."""
    if any(c.section == "assessment" for c in chosen):
        return chosen
    for section in ("plan", "objective"):
        placed = sorted((c for c in chosen if c.section == section), key=lambda c: c.order)
        if section == "objective" and len(placed) < 2:
            continue
        for candidate in placed:
            if candidate.speaker != "patient" and EXPLANATION.search(candidate.text):
                candidate.section = "assessment"
                return chosen
    return chosen


def _mostly_identifiers(text: str) -> bool:
    """ "Dictation, Dr. <PERSON_1>, <LOCATION_1>.": who and where, nothing about the patient's ears."""
    placeholders = len(PLACEHOLDER.findall(text))
    words = len(content_terms(PLACEHOLDER.sub(" ", text)))
    return placeholders > 0 and words <= placeholders + 1


def _without_subsumed(chosen: list[_Candidate]) -> list[_Candidate]:
    """A short line a longer line of the same section fully restates ("Tympanometry: Type A both ears"
    beside the report's line with pressures and volumes) goes; the fuller one carries the fact."""
    terms = [content_terms(c.text) for c in chosen]
    kept = []
    for i, candidate in enumerate(chosen):
        mine = terms[i]
        numbers = {t for t in mine if not t.isalpha()}
        subsumed = any(
            j != i
            and other.section == candidate.section
            and numbers <= terms[j]
            and len(terms[j]) > len(mine)
            and len(mine & terms[j]) / max(1, len(mine)) >= SUBSUMED
            for j, other in enumerate(chosen)
        )
        if not subsumed:
            kept.append(candidate)
    return kept


WRITTEN_FOLLOW_UP = re.compile(
    r"(?i)^(?:follow[- ]?up|review|recall):\s*(?:in\s+)?(?P<number>\d+)\s*(?P<unit>day|week|month)s?\.?$"
)
SPOKEN_FOLLOW_UP = re.compile(
    r"(?i)\b(?:see|review|recheck|check|back|again|follow[- ]?up|appointment)\b.*\b(?:in|after)\s+"
    r"(?:about\s+|another\s+)?(?P<number>\d+)\s+(?P<unit>day|week|month|year)s?\b"
)


def _without_stale_follow_up(chosen: list[_Candidate]) -> list[_Candidate]:
    """When the clinician says when they will see the patient again, that is today's decision; a record's
    bare "Follow-up: 6 weeks" that says otherwise is an earlier visit's (the fitting record brought to the
    follow-up it asked for), and a note with two follow-ups that differ leaves its reader guessing. One
    that agrees stays: it is the record's own line."""
    said = {
        (m["number"], m["unit"].lower())
        for c in chosen
        if c.speaker not in ("document", "findings") and c.section == "plan"
        for m in SPOKEN_FOLLOW_UP.finditer(c.text)
    }
    if not said:
        return chosen
    return [
        c
        for c in chosen
        if not (
            c.speaker == "document"
            and (written := WRITTEN_FOLLOW_UP.match(c.text))
            and (written["number"], written["unit"].lower()) not in said
        )
    ]


TESTS_BY_RESULT = {
    "tympanometry": (r"pressure tests?|tympanometry|tympanograms?", r"(?i)\btympan"),
    "audiometry": (r"hearing tests?|hearing checks?|audiograms?", r"(?i)\bPTA\b|\bdB HL\b|audiometry"),
    "acoustic reflexes": (r"reflex(?:es)? tests?|reflexes|acoustic reflex(?:es)?", r"(?i)\breflex"),
}
"""A test by what the clinician calls it, and what its result looks like in a note's objective."""
TEST_ANNOUNCED = re.compile(
    r"(?i)^(?:(?:so|and|now|okay|first|then),?\s+)*"
    r"(?:(?:i'?ll|i will|we'?ll|we will|let's|let me|i'?d (?:also )?like(?: to)?|i want to)\s+)?"
    r"(?:also |just |quickly |first |then )*(?:do|run|get|start with|check)?\s*"
    r"(?:a|an|the|your|her|his|their|some)?\s*(?:quick |brief |baseline |full )*"
    r"(?P<test>" + "|".join(f"(?:{said})" for said, _ in TESTS_BY_RESULT.values()) + r")\b"
)
LATER = re.compile(
    r"(?i)\b(?:next|later|again|repeat\w*|re-?check\w*|rebook\w*|book\w*|annual\w*|yearly|after|once|when|"
    r"weeks?|months?|years?|follow[- ]?up|review|if)\b"
)
"""What says a test is for another day ("a hearing test in 6 months", "after the wax is cleared")."""


def _without_tests_done_today(chosen: list[_Candidate]) -> list[_Candidate]:
    """The clinician announces a test before doing it ("I'll do a quick pressure test as well", "I'd like a
    baseline hearing test, so let's do that in the booth before the balance part"); said in a plan's words,
    it would stand in the plan as still to do beside the objective's result. Where the note has that test's
    result and nothing in the sentence puts it on another day, the announcement was today's narration."""
    objective = " ".join(c.text for c in chosen if c.section == "objective")

    def done_today(candidate: _Candidate) -> bool:
        if candidate.section != "plan" or candidate.speaker != "clinician" or LATER.search(candidate.text):
            return False
        match = TEST_ANNOUNCED.match(candidate.text)
        if match is None:
            return False
        said = match["test"].lower()
        return any(
            re.fullmatch(pattern, said) and re.search(result, objective)
            for pattern, result in TESTS_BY_RESULT.values()
        )

    return [c for c in chosen if not done_today(c)]


SUBSUMED = 0.9
RESTATED = 0.65
"""Cosine similarity of MiniLM vectors above which a spoken sentence says what a written line says."""
SIDES = {"right", "left"}
NEW_TERMS = 2


def _without_restated(chosen: list[_Candidate], vectors: dict[int, list[float]]) -> list[_Candidate]:
    """What was said aloud that the written record beside it already says in its own words ("I've put
    the receivers in with medium vented domes" beside the fitting summary's "Domes: vented, medium (R and
    L)") goes: redundancy removal by meaning, as maximal-marginal-relevance summarisation does it, where
    word overlap misses a paraphrase. Only where the written line of the same section gives every number
    and every ear the sentence names — "no nystagmus on the left" is not the report's "spontaneous
    nystagmus: none" — and the sentence brings at most ``NEW_TERMS`` words the rest of the note lacks ("a
    listening check clear on both" is a finding of its own). ``vectors``: the spoken sentences' embeddings
    by source order, as the keep model saw them; answers folded into statements have none and stay."""
    written = [c for c in chosen if c.speaker == "document"]
    spoken = [c for c in chosen if c.speaker not in ("document", "findings") and c.order in vectors]
    terms_of = {id(c): content_terms(c.text) for c in chosen}
    # A term only one line of the note has is, for that line, a word the rest of the note lacks.
    lines_with = collections.Counter(t for terms in terms_of.values() for t in terms)
    # The word tests are cheap and rule out most pairs, so only the written lines still in question are
    # embedded (a paraphrase shares at least one word besides the ears with what it restates).
    pairs: list[tuple[_Candidate, _Candidate]] = []
    for candidate in spoken:
        terms = terms_of[id(candidate)]
        if sum(lines_with[t] == 1 for t in terms) > NEW_TERMS:
            continue
        numbers = {t for t in terms if not t.isalpha()}
        pairs += [
            (candidate, line)
            for line in written
            if line.section == candidate.section
            and (terms - SIDES) & terms_of[id(line)]
            and terms & SIDES <= terms_of[id(line)]
            and all(_number_known(n, terms_of[id(line)]) for n in numbers)
        ]
    lines = list({id(line): line for _, line in pairs}.values())
    # Both in the same words: the report's abbreviations spelled out, the clinician's lay names as the
    # report's ("the pressure test" is "tympanometry", "the eardrum" the "TM").
    lay = list({c.order: c for c, _ in pairs if LAY_NAME.search(c.text)}.values())
    embedded = embed([_in_full(c.text) for c in [*lines, *lay]])  # one call to the model
    line_vectors = dict(zip((id(line) for line in lines), embedded[: len(lines)], strict=True))
    vectors = {**vectors, **dict(zip((c.order for c in lay), embedded[len(lines) :], strict=True))}
    restated = {
        candidate.order
        for candidate, line in pairs
        if sum(a * b for a, b in zip(vectors[candidate.order], line_vectors[id(line)], strict=True))
        >= RESTATED
    }
    return [c for c in chosen if c.order not in restated]  # the written lines' orders are their own


WORKING = re.compile(r" \([^)]*\)|; type not determined\b.*$")
EAR_LABEL = re.compile(r"^(Right|Left) ear:")


ASSENT_WORDS = {"yes", "yeah", "yep", "no", "not", "just", "okay", "ok", "right", "sure"}


def _says_nothing_alone(text: str) -> bool:
    """ "The patient will do that.", "Yes the patient has.", "The patient saw that.": an answer whose
    content was the question's; alone it has at most one word of its own, and the note would read it as
    nothing."""
    return len(content_terms(text) - ASSENT_WORDS) <= 1


ECHO_WORDS = 5
RELATIVES = re.compile(r"(?i)\b(?:family|wife|husband|" + RELATIVE + r")\b")
"""Family words are clinical in a history ("my mother wore hearing aids") but not in a reply about a name
("only my mother calls me William")."""


def _replies_for_no_note(sentences: list[SourceSentence]) -> set[int]:
    """Two kinds of reply a note leaves out however the keep model scores them (it favours short replies:
    a few words easily share half their content with a reference note). A reply to a check of who the
    patient is ("let me confirm I have the right chart: <name>, date of birth …?" — "Yes, the house phone.",
    "Only my mother called me <name>.") is the record's business, as the question is, unless it goes on at
    some length to something clinical ("And I'm here because the ringing has got worse."). And a few words
    that only repeat what the clinician has just told the patient ("… the turn signal in the car …" — "The
    turn signal."; a recap — "Charge, wipe, wear.") acknowledge it; a repeat of a question is an answer, and
    is left to the folds."""
    out: set[int] = set()
    turns: dict[int, list[SourceSentence]] = {}
    for sentence in sentences:
        if sentence.speaker != "document":
            turns.setdefault(sentence.turn, []).append(sentence)
    ordered = sorted(turns)
    for previous, turn in itertools.pairwise(ordered):
        before, reply = turns[previous], turns[turn]
        if reply[0].speaker != "patient" or before[0].speaker != "clinician":
            continue
        # "Just to confirm, the ringing is only in the left ear?" asks about the complaint, not who this is.
        identity = any(
            s.is_question and IDENTITY_WORDS.search(s.text) and not _clinical_words(s.text) for s in before
        )
        asked = any(s.is_question for s in before)
        # An echo repeats what was told, not asked: only then are the clinician's words needed.
        told = set() if asked else set().union(*(content_terms(s.text) for s in before))
        for sentence in reply:
            text = clean(sentence.text)
            words = len(text.split())
            for_the_record = identity and (
                words <= ECHO_WORDS or not _clinical_words(RELATIVES.sub("", text))
            )
            terms = content_terms(text)
            echo = not asked and words <= ECHO_WORDS and bool(terms) and terms <= told
            if for_the_record or echo:
                out.add(sentence.index)
    return out


def _as_written(text: str, speaker: str, pronouns: Pronouns) -> str:
    """A kept spoken sentence as the note words it: the clinician's announced action as the action, the
    patient named once, contractions the recogniser dropped, verbs agreed. These come after the keep model
    has scored the sentence, so its inputs stay those it was fitted on."""
    if speaker != "patient" and (intent := INTENT.match(text)):
        text = text[intent.end() :]
        text = text[:1].upper() + text[1:]
    return spoken_frequencies(agree(later_mentions(note_contractions(text), pronouns), NOTE_AGREEMENT))


THOUSANDS = r"(?:one|two|three|four|six|eight)"
HERTZ = re.compile(r"(?i)\bhertz\b")
SPOKEN_FREQUENCIES = re.compile(
    rf"(?i)\b(?P<list>{THOUSANDS}(?:(?:,\s*|\s+(?:and|to|or)\s+){THOUSANDS})*)\s+thousand\s+(?:hertz|hz)\b"
)
"""Test frequencies said aloud ("a dip at three and four thousand hertz") as the note writes them: "3000 and
4000 Hz"; "hertz" after a number already in digits is "Hz" too."""


def spoken_frequencies(text: str) -> str:
    def written(match: re.Match[str]) -> str:
        spoken = re.sub(
            rf"(?i)\b{THOUSANDS}\b", lambda m: f"{NUMBER_WORDS[m.group(0).lower()]}000", match.group("list")
        )
        return f"{spoken} Hz"

    return HERTZ.sub("Hz", SPOKEN_FREQUENCIES.sub(written, text))


def results_said(transcript: str) -> str:
    """What the clinician said or dictated, a sentence per line, with numbers and units as a report writes
    them: where no document holds the audiogram, thresholds read out ("right ear: 500 Hz 30 dB, 1000 Hz 35
    dB …", "five hundred hertz thirty decibels") are the audiogram. The patient's words never are."""
    lines = [
        spoken_frequencies(clean(s.text))
        for s in transcript_sentences(transcript)
        if s.speaker in ("clinician", "dictation")
    ]
    return "\n".join(lines)


FRAGMENT_WORDS = 5
EXAMINED = re.compile(
    r"(?i)\b(?:ear ?canals|ear ?drums|tympanic membranes|looked (?:in|into|at) (?:\w+ )?ears)\b"
)
"""What the clinician saw of both ears ("Your ear canals are clear and the eardrums look healthy", "I've
looked in your ears and they're both clear")."""
DEVICE_FOUND = re.compile(
    r"(?i)\b(?:microphone (?:covers?|ports?|inlets?)|battery (?:door|drawer|contacts?)|"
    r"wax (?:guards?|traps?|filters?)|"
    r"tubing|sound ?bore|moisture|debris|corrosion|cracked|loose (?:dome|wire|receiver|battery door))\b"
)
"""What the clinician found inspecting a hearing aid ("The microphone cover is blocked with debris and
there's moisture in the battery door"): a finding of the visit, not an explanation of results."""


ASKED_OF_ANOTHER = re.compile(
    r"(?i)\b(?:i'd|i would|we'd|we would) like (?:(?:your|his|her|their|the patient's|the) )?"
    r"(?:gp|doctor|family doctor|physician|ent|specialist|surgeon|neurologist|<PERSON_\d+>) to\b"
)
"""What the clinician asks another to do ("I'd like his GP to request an MRI") is the plan, whatever test it
names."""


NEXT_STEPS = re.compile(r"(?i)^(?:so |and |okay,? )?(?:the )?(?:next steps?|plan)(?: (?:is|are|will be))?\b")
"""The clinician announcing the plan with its content ("The next steps are a CT or MRI scan and a meeting
with the surgeon"): plan, whatever test it names."""


def note_section(sentence: SourceSentence, text: str, placed: str | None) -> str | None:
    """Where the note puts a kept spoken sentence: ``spoken_section``'s answer, with readings it lacks —
    who sent the patient and why is history; what the clinician saw of both ears, or of a hearing aid, is a
    finding; what they ask of another clinician, or announce as the next steps, is plan. They are kept out
    of ``spoken_section`` because its answer is also the keep model's "unplaced" feature, which stays as
    the model was fitted."""
    if sentence.speaker != "patient" and REFERRED_FOR.search(text):
        return "subjective"
    if (
        placed is None
        and sentence.speaker == "clinician"
        and (EXAMINED.search(text) or DEVICE_FOUND.search(text))
    ):
        return "objective"
    if sentence.speaker != "patient" and (ASKED_OF_ANOTHER.search(text) or NEXT_STEPS.match(text)):
        return "plan"
    return placed


def _continuing(spoken: list[SourceSentence], texts: list[str], placed: list[str | None]) -> list[str | None]:
    """A short measure that names no section of its own ("Maybe 90% blocked." after "the left is nearly
    the same"), or what a check the clinician announced found ("Let me check the datalogging. It shows
    about 4 hours a day."), goes on with the speaker's sentence before it, in the same turn, and lands
    where that one did."""
    out = list(placed)
    for i in range(1, len(spoken)):
        before, sentence = spoken[i - 1], spoken[i]
        if (
            out[i] is None
            and out[i - 1] is not None
            and (
                (len(texts[i].split()) <= FRAGMENT_WORDS and re.search(r"\d", texts[i]))
                or (ANAPHOR.match(texts[i]) and NARRATION.match(clean(before.text)))
            )
            and (before.turn, before.speaker) == (sentence.turn, sentence.speaker)
        ):
            out[i] = out[i - 1]
    return out


CHECKED = re.compile(
    r"(?i)\blet me (?:just )?(?:check|look at|have a look at|pull up|read)\s+"
    r"(?P<thing>(?:the|your)\s+[\w-]+(?:\s+[\w-]+)?)\W*$"
)
FOUND_IT = re.compile(r"(?i)^(?:and |so )?(?:it|that)(?=\s+(?:shows?|says|reads|gives|is showing)\b)")


def _with_what_was_checked(text: str, before: str, pronouns: Pronouns) -> str:
    """ "Let me check the datalogging." "It shows about 4 hours a day.": the announcement is not written,
    so the result names what it is the reading of ("The datalogging shows about 4 hours a day.")."""
    if (checked := CHECKED.search(before)) and (it := FOUND_IT.match(text)):
        thing = addressed_to_patient(checked["thing"].lower(), pronouns)
        return thing + text[it.end() :]
    return text


LEAD_IN = re.compile(
    r"(?i)^(?:about |around |maybe |probably |roughly |over |nearly |almost )?"
    r"(?:(?:a|an|one|a few|a couple of|several|\d+(?: or \d+)?)\s+(?:days?|weeks?|months?|years?)\s+ago|"
    r"(?:last|this|early|late)\s+(?:week|month|year|spring|summer|autumn|fall|winter|night)|"
    r"since\s+\w+(?:\s+\w+)?)[.,]?$"
)
"""When it began, said first and cut off by a recogniser's sentence break ("About 3 months ago." "She started
getting these attacks …"): it belongs to the sentence it leads into."""


KEEPS_CAPITAL = re.compile(r"I\b|I'|<|[A-Z]{2,}|[A-Z][a-z]+\.")
"""A first word that stays capitalised mid-sentence: "I", a placeholder, an acronym, a title."""


def _with_lead_ins_joined(chosen: list[_Candidate]) -> list[_Candidate]:
    by_order = {c.order: c for c in chosen if c.order >= 0}
    kept = []
    for candidate in chosen:
        following = by_order.get(candidate.order + 1)
        if (
            following is not None
            and candidate.order >= 0
            and LEAD_IN.match(candidate.text)
            and (following.speaker, following.section) == (candidate.speaker, candidate.section)
        ):
            rest = following.text if KEEPS_CAPITAL.match(following.text) else _decapitalised(following.text)
            following.text = f"{candidate.text.rstrip('.,')} {rest}"
            following.order = candidate.order
            by_order[candidate.order] = following
            continue
        kept.append(candidate)
    return kept


PERTINENT_NEGATIVE = re.compile(r"(?i)^(?:no|denies|nil)\b")


def _pertinent_negative(text: str, speaker: str) -> bool:
    """ "No dizziness.", dictated or said by the clinician, is a finding however short; the patient's "No
    pain." is an answer, and its question makes it one ("Denies pain.")."""
    return speaker != "patient" and bool(PERTINENT_NEGATIVE.match(text)) and bool(CLINICAL.search(text))


ANAPHOR = re.compile(r"(?i)^(?:and |but |so )?(?:it|it's|its|this|that|they|they're)\b")


def _clinical_sentences(spoken: list[SourceSentence], texts: list[str]) -> set[int]:
    """The spoken sentences the clinical prior applies to: those in the clinical vocabulary, and those that
    go on about the clinical thing the speaker's sentence before named ("It's this ringing in my right ear.
    It started about six months ago …"): "it" is the ringing, so the sentence is as clinical as the one
    before."""
    out: set[int] = set()
    for i, (sentence, text) in enumerate(zip(spoken, texts, strict=True)):
        before = spoken[i - 1] if i else None
        if _clinical_words(text) or (
            before is not None
            and (before.turn, before.speaker) == (sentence.turn, sentence.speaker)
            and ANAPHOR.match(text)
            and before.index in out
        ):
            out.add(sentence.index)
    return out


MIN_HISTORY = 2
HISTORY_WORDS = 4


def _history_in_reserve(sentence: SourceSentence, text: str, section: str) -> bool:
    """A patient's sentence about their ears, hearing or devices that the keep model would leave out."""
    return (
        sentence.speaker == "patient"
        and section == "subjective"
        and len(text.split()) >= HISTORY_WORDS
        and bool(CLINICAL.search(text))
    )


def _with_a_history(
    chosen: list[_Candidate], reserve: list[_Candidate], note_terms: set[str]
) -> list[_Candidate]:
    """Every note needs the patient's own account. The keep model learned from visits whose histories are
    long, so where a visit's complaint is told in a few plain sentences ("the wind outside is terrible, and
    my own voice sounds like I'm talking in a bucket") it can leave the subjective all but empty; then the
    patient's clinical sentences it scored highest fill it to ``MIN_HISTORY``, each only if it adds to the
    note."""
    have = sum(1 for c in chosen if c.section == "subjective")
    for candidate in sorted(reserve, key=lambda c: c.priority):
        if have >= MIN_HISTORY:
            break
        if not _covered(candidate.text, note_terms, spoken=True):
            chosen.append(candidate)
            note_terms |= content_terms(candidate.text)
            have += 1
    return chosen


def _answers_to_clinical_questions(sentences: list[SourceSentence]) -> set[int]:
    """The patient's first sentence after the clinician asks about something clinical (``ANSWER_PRIOR``);
    when that is only a lead-in ("Well, about 3 months ago."), the sentence it leads into as well."""
    out: set[int] = set()
    for i in range(1, len(sentences)):
        before, after = sentences[i - 1], sentences[i]
        if _patient_replies(before, after) and before.is_question and CLINICAL.search(before.text):
            out.add(after.index)
            following = sentences[i + 1] if i + 1 < len(sentences) else None
            if (
                following is not None
                and len(clean(after.text).split()) <= FRAGMENT_WORDS
                and (following.turn, following.speaker) == (after.turn, after.speaker)
            ):
                out.add(following.index)
    return out


def draft(
    transcript: str,
    documents: list[tuple[str, str]],
    findings: AudiologyFindings | None,
    excluded: set[str] | None = None,
) -> Draft:
    """``excluded``: sentences the judge rejected in an earlier round; they are left out this time.

    Sentences are chosen in order of trust — the written documents, then the computed findings, then the
    spoken sentences the keep model is surest of — and one whose content the note already holds is left
    out (redundancy removal, as in maximal-marginal-relevance summarisation: a visit says the same thing in
    the report, the dictation and the conversation; a note says it once). The note then reads in source
    order within each section.
    """
    excluded = excluded or set()
    sentences = transcript_sentences(transcript)
    start = len(sentences)
    for name, text in documents:
        doc = document_sentences(name, text, start)
        sentences.extend(doc)
        start += len(doc)
    sentences = _with_parents_named(_with_led_in_questions(_with_bare_questions(sentences)))
    pronouns = patient_pronouns(sentences)
    listeners = _companions_addressed(sentences)
    by_index = {s.index: s for s in sentences}
    folded = _fold_answers(sentences, pronouns)
    objective, assessment = render_findings(findings)
    # The computed assessment and results come after the report's own lines — its impression is the
    # clinician's wording, its result lines say the same with more (presentation levels, pressures) — and
    # only fill in what the report lacks.
    candidates = [_Candidate(-1, "assessment", t, "findings", (1, 0.5)) for t in assessment]
    candidates += [_Candidate(-1, "objective", t, "findings", (1, 1.0)) for t in objective]
    spoken = [s for s in sentences if s.speaker != "document"]
    spoken_texts = [spoken_text(s, pronouns) for s in spoken]
    placed = [spoken_section(s, t) for s, t in zip(spoken, spoken_texts, strict=True)]
    flags = [unplaced(s, section) for s, section in zip(spoken, placed, strict=True)]
    vectors = embed(spoken_texts)
    scores = keep_scores(spoken, spoken_texts, flags, vectors)
    keep = dict(zip((s.index for s in spoken), scores, strict=True))
    worded = dict(zip((s.index for s in spoken), spoken_texts, strict=True))
    in_note = [
        note_section(s, t, section) for s, t, section in zip(spoken, spoken_texts, placed, strict=True)
    ]
    place = dict(zip((s.index for s in spoken), _continuing(spoken, spoken_texts, in_note), strict=True))
    threshold = keep_model().threshold_log_odds
    answers = _answers_to_clinical_questions(sentences)
    for_no_note = _replies_for_no_note(sentences)
    reserve: list[_Candidate] = []
    clinical_sentences = _clinical_sentences(spoken, spoken_texts)
    for sentence in sentences:
        if INSTRUCTION.search(sentence.text):
            continue
        section: str | None
        if sentence.index in folded:
            section, text = folded[sentence.index]
            priority = (2, 0.0)
        elif sentence.speaker == "document":
            if sentence.label and ADMIN_LABEL.match(sentence.label):
                continue
            text = clean(sentence.text, spoken=False)
            if TYMPANOMETRY.search(f"{sentence.label} {text}"):
                text = TYMPANOGRAM_SHORTHAND.sub(r"\1Type \2", text)
            section = _place_document_line(sentence, text)
            if section is None:
                continue
            if sentence.label and not SECTION_LABEL.match(sentence.label):
                value = _decapitalised(text) if sentence.text[:1].islower() else text
                text = f"{sentence.label}: {value}"  # "Follow-up: 3 weeks", not a bare "3 weeks"
            if _mostly_identifiers(text):
                continue
            priority = (1, 0.0)
        else:
            text = worded[sentence.index]
            # The clinical lexicon is a prior on top of the learned model (added to its log-odds): a
            # sentence that names an ear, a test, a device or a plan needs less evidence to stay.
            clinical = sentence.index in clinical_sentences
            score = keep[sentence.index] + (CLINICAL_PRIOR if clinical else NON_CLINICAL_PRIOR)
            if sentence.index in answers:
                score += ANSWER_PRIOR
            if sentence.speaker != "patient" and ADJUSTMENT.search(text):
                score += ADJUSTMENT_PRIOR
            if sentence.speaker != "patient" and BOOKED.search(text):
                score += BOOKED_PRIOR
            if REFERRED_FOR.search(text):
                score += REFERRAL_PRIOR
            if (
                sentence.is_question
                or sentence.index in for_no_note
                or SHORT_ANSWER.match(text)
                or (len(text.split()) < 3 and not _pertinent_negative(text, sentence.speaker))
                or (
                    sentence.speaker == "clinician"
                    and (
                        NARRATION.match(clean(sentence.text))
                        or TOPIC_ANNOUNCEMENT.match(sentence.text.strip())
                        or TEST_INSTRUCTION.search(sentence.text)
                    )
                )
                or (sentence.speaker == "dictation" and DICTATION_FRAME.search(sentence.text))
                or VOICE_COMMAND.search(text)
                or RECORD_IDENTIFIER.search(text)
                or (IDENTITY_WORDS.search(text) and not CLINICAL.search(text))
                or _mostly_identifiers(text)
                or (sentence.speaker == "patient" and _says_nothing_alone(text))
                or TRAILING_QUESTION.match(text)
                or (len(text.split()) <= EMBEDDED_QUESTION_WORDS and EMBEDDED_QUESTION.search(text))
            ):
                continue
            if voice := sentence.voice or listeners.get(sentence.index):
                text = companion_words(sentence, voice, pronouns)
            before = by_index.get(sentence.index - 1)
            if before is not None and (before.turn, before.speaker) == (sentence.turn, sentence.speaker):
                text = _with_what_was_checked(text, before.text, pronouns)
                text = _relative_named_before(text, before.text, pronouns)
            text = _as_written(text, sentence.speaker, pronouns)
            # The clinician's explanations that the model keeps (it knows them by the "unplaced" feature)
            # are how they read the findings: the assessment, unless a report's impression says it.
            section, priority = place[sentence.index] or "assessment", (2, -score)
            if score < threshold:
                if _history_in_reserve(sentence, text, section) and text not in excluded:
                    reserve.append(_Candidate(sentence.index, section, text, sentence.speaker, priority))
                continue
        if text not in excluded:
            candidates.append(_Candidate(sentence.index, section, text, sentence.speaker, priority))
    if any(c.speaker == "document" and c.section == "assessment" for c in candidates):
        # The report's impression is the clinician's considered assessment; what they said explaining the
        # same results to the patient, or dictated about them, would only say it again in other words.
        candidates = [
            c
            for c in candidates
            if not (c.speaker in ("clinician", "dictation") and c.section == "assessment")
        ]
    chosen: list[_Candidate] = []
    note_terms: set[str] = set()
    for candidate in sorted(candidates, key=lambda c: c.priority):
        if candidate.speaker == "findings" and candidate.section == "assessment":
            # A computed diagnosis restates the report only where one of its lines says it: words for the
            # left ear's loss scattered over the report must not cover "Right ear: moderate … loss". What
            # it states is its words less the label ("Left ear:" is the report's "Left"), the working in
            # its parenthesis ("interaural difference ≥ 15 dB at …") and the caveat that the table alone
            # leaves the type open (a report that names it knows more). The other computed lines each say
            # something of their own, so only the report's and the speech's lines are compared.
            text = EAR_LABEL.sub(r"\1", WORKING.sub("", candidate.text))
            covered = any(_covered(text, content_terms(c.text)) for c in chosen if c.speaker != "findings")
        else:
            covered = _covered(candidate.text, note_terms, candidate.speaker not in ("document", "findings"))
        if not covered:
            chosen.append(candidate)
            note_terms |= content_terms(candidate.text)
    chosen = _with_a_history(chosen, reserve, note_terms)
    unfolded = {s.index: v for s, v in zip(spoken, vectors, strict=True) if s.index not in folded}
    chosen = _without_restated(chosen, unfolded)
    chosen = _without_tests_done_today(_without_stale_follow_up(_without_subsumed(chosen)))
    chosen = _with_lead_ins_joined(_with_an_assessment(_asymmetry_as_recorded(chosen)))
    result = Draft()
    for candidate in sorted(chosen, key=lambda c: c.order):
        getattr(result, candidate.section).append(candidate.text)
    return result
