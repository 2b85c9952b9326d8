"""The grounded drafter: a SOAP note built only from the visit's own sentences and computed findings.

No generative model runs here, so nothing can be invented: every note sentence is a source sentence with
fillers removed and first person turned into clinical third person by a closed table, a yes/no exchange
folded into "Reports …"/"Denies …", or a rendering of the deterministic audiology findings. Sentences
without clinical content (greetings, small talk) are dropped; the rest are placed in S, O, A or P by who
said them, where they sit in a report, and what they talk about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from echo_notes.ai.audiology.model import AudiologyFindings, EarFindings
from echo_notes.ai.drafting.sources import SourceSentence, document_sentences, transcript_sentences

DRAFTER_ID = "grounded-drafter"
DRAFTER_VERSION = "1.0"

CLINICAL = re.compile(
    r"(?i)\b(hear\w*|ear|ears|aid|aids|tinnitus|ring\w*|buzz\w*|dizz\w*|vertigo|balance|spinning|loud|noise|"
    r"sound|voice|speech|understand\w*|tv|television|phone|restaurant\w*|wax|cerumen|pain|drain\w*|infection|"
    r"surgery|medication\w*|tablet\w*|pill\w*|blood pressure|diabet\w*|test\w*|audiogram|tympan\w*|"
    r"otoscop\w*|"
    r"canal|drum|membrane|threshold\w*|db|hz|khz|%|pta|srt|wrs|refer\w*|mri|ent|fit\w*|program\w*|volume|"
    r"dome\w*|receiver|battery|batteries|charg\w*|implant\w*|follow[- ]up|review|appointment|recommend\w*|"
    r"plan\w*|sudden\w*|gradual\w*|worse|better|muffled|fullness|blocked|plug\w*|protection|exposure|"
    r"history|family|mother|father|steroid\w*|prednis\w*|drops)\b"
)
PLAN = re.compile(
    r"(?i)\b(recommend\w*|refer\w*|we'll|we will|i'll|i will|let's|schedule\w*|book\w*|"
    r"follow[- ]?up|review in|"
    r"next appointment|come back|return|send\w*|order\w*|start\w*|trial|fit(?:ting)? (?:you|her|him)|"
    r"plan\w*|advis\w*|prescrib\w*|copy to|re-?evaluat\w*|retest|annual|weeks?|months?)\b"
)
ASSESSMENT = re.compile(
    r"(?i)\b(consistent with|diagnos\w*|impression|shows? (?:a|an)|indicat\w*|suggest\w*|likely|"
    r"sensorineural|conductive|mixed (?:hearing )?loss|candidate|normal (?:hearing|middle)|within normal)\b"
)
OBJECTIVE = re.compile(
    r"(?i)\b(otoscop\w*|canal|tympanic|tm\b|eardrum|tympanometry|type [ab]|type as|type ad|threshold\w*|"
    r"db hl|hz|srt|wrs|word recognition|speech recognition|reflex\w*|oae\w*|dpoae\w*|nystagmus|dix-hallpike|"
    r"real-ear|verification|audiogram shows|pure-tone)\b"
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

SECOND_PERSON = re.compile(r"(?i)\b(you|your|you're|you've|you'll)\b")
FILLERS = re.compile(
    r"(?i)\b(um+|uh+|er+m?|hmm+|you know|i mean|kind of|sort of|basically|actually|honestly|"
    r"literally)\b[,]?\s*"
)
LEADING = re.compile(
    r"(?i)^(?:(?:so|well|okay|ok|alright|oh|yeah|great|perfect|lovely|thanks|thank you)\b[,.!]?\s+"
    r"|(?:right|yes|no|and|but|good|sure)[,.!]\s+)+"
)
SHORT_ANSWER = re.compile(
    r"(?i)^\W*(yes|yeah|yep|yup|correct|right|that's right|i do|it does|sometimes|a bit|"
    r"no|nope|not really|never|none|i don't|it doesn't|not at all|no,? never)\b[\W]*$"
)
NEGATIVE_ANSWER = re.compile(r"(?i)^\W*(no|nope|not really|never|none|i don't|it doesn't|not at all)")

THIRD_PERSON = [
    (r"\bI'm\b", "the patient is"),
    (r"\bI am\b", "the patient is"),
    (r"\bI've\b", "the patient has"),
    (r"\bI have\b", "the patient has"),
    (r"\bI'd\b", "the patient would"),
    (r"\bI was\b", "the patient was"),
    (r"\bim\b", "the patient is"),
    (r"\bive\b", "the patient has"),
    (r"\bI\b", "the patient"),
    (r"\bi\b", "the patient"),
    (r"\bmy\b", "their"),
    (r"\bMy\b", "Their"),
    (r"\bme\b", "them"),
    (r"\bmyself\b", "themselves"),
]


@dataclass
class Draft:
    subjective: list[str] = field(default_factory=list)
    objective: list[str] = field(default_factory=list)
    assessment: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)

    def sections(self) -> dict[str, str]:
        return {
            "subjective": " ".join(self.subjective),
            "objective": "\n".join(f"- {s}" for s in self.objective),
            "assessment": " ".join(self.assessment),
            "plan": "\n".join(f"- {s}" for s in self.plan),
        }


def clean(text: str, spoken: bool = True) -> str:
    """Fillers and discourse markers go from speech; documents keep their wording."""
    if spoken:
        text = FILLERS.sub("", text)
        text = LEADING.sub("", text)
    text = text.strip(" ,")
    text = re.sub(r"\s{2,}", " ", text)
    return text[:1].upper() + text[1:] if text else text


def third_person(text: str) -> str:
    for pattern, replacement in THIRD_PERSON:
        text = re.sub(pattern, replacement, text)
    return text[:1].upper() + text[1:]


SECOND_TO_THIRD = [
    (r"\byou're\b", "the patient is"),
    (r"\byou've\b", "the patient has"),
    (r"\byou'll\b", "the patient will"),
    (r"\byour\b", "their"),
    (r"\byou\b", "the patient"),
]


def addressed_to_patient(text: str) -> str:
    """A plan said to the patient ("I'll send you a copy") in clinical third person."""
    for pattern, replacement in SECOND_TO_THIRD:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def _topic(question: str) -> str:
    """The clinical words of a yes/no question ("Any ringing in your ears?" → "ringing in ears")."""
    q = re.sub(
        r"(?i)^(?:and |so |any |do you have |have you (?:had|noticed) |is there |are there |what about |"
        r"does |did |has |have |any other )+",
        "",
        question.rstrip("?").strip(),
    )
    q = re.sub(r"(?i)\b(?:your|you|any)\b\s*", "", q)
    return q.strip(" ,").lower()


def _fold_answers(sentences: list[SourceSentence]) -> dict[int, str]:
    """Clinician yes/no question + a bare patient answer → one reported or denied finding."""
    folded: dict[int, str] = {}
    for i, s in enumerate(sentences[:-1]):
        answer = sentences[i + 1]
        if (
            s.speaker == "clinician"
            and s.is_question
            and answer.speaker == "patient"
            and SHORT_ANSWER.match(answer.text)
            and CLINICAL.search(s.text)
        ):
            topic = _topic(s.text)
            if topic:
                verb = "Denies" if NEGATIVE_ANSWER.match(answer.text) else "Reports"
                folded[answer.index] = f"{verb} {topic}."
    return folded


def _section_for_document(sentence: SourceSentence) -> str | None:
    head = (sentence.heading or "").upper()
    if any(k in head for k in ("RECOMMEND", "PLAN", "REFERRAL", "NEXT", "FOLLOW")):
        return "plan"
    if any(k in head for k in ("SUMMARY", "IMPRESSION", "ASSESSMENT", "CONCLUSION", "DIAGNOSIS")):
        return "assessment"
    if any(k in head for k in ("HISTORY", "COMPLAINT", "REASON")):
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
        )
    ):
        return "objective"
    return None


def _is_table_line(text: str) -> bool:
    tokens = text.split()
    numeric = sum(1 for t in tokens if re.fullmatch(r"[\d*.%|/-]+|NR|NT", t))
    return "|" in text or (len(tokens) >= 4 and numeric / len(tokens) > 0.5)


def _place(sentence: SourceSentence, text: str) -> str | None:
    if sentence.speaker == "document":
        if _is_table_line(sentence.text) or re.match(r"(?i)^(freq|frequency|ear\s+(srt|type))\b", text):
            return None
        section = _section_for_document(sentence)
        if section:
            return section
        if not (CLINICAL.search(text) or DEVICE_RECORD.search(text)):
            return None
        return "objective" if OBJECTIVE.search(text) or DEVICE_RECORD.search(text) else None
    if not CLINICAL.search(text) or len(text.split()) < 3:
        return None
    if sentence.speaker == "patient":
        return "subjective"
    if sentence.is_question:
        return None
    if PLAN.search(text):
        return "plan"
    if sentence.speaker == "clinician" and SECOND_PERSON.search(text):
        return None  # explanations addressed to the patient, not findings
    if ASSESSMENT.search(text):
        return "assessment"
    if OBJECTIVE.search(text):
        return "objective"
    return "subjective" if sentence.speaker in {"dictation", "unknown"} else None


def _ear_phrase(ear: str, f: EarFindings) -> str | None:
    if f.pta_db is None:
        return None
    side = ear.capitalize()
    if f.loss_type == "normal":
        return f"{side} ear: hearing within normal limits (PTA {f.pta_db:g} dB HL)."
    if f.loss_type and f.degree == "normal":
        return (
            f"{side} ear: PTA within normal limits ({f.pta_db:g} dB HL) with a {f.loss_type} loss "
            "outside the PTA frequencies."
        )
    if f.loss_type:
        return f"{side} ear: {f.degree} {f.loss_type} hearing loss (PTA {f.pta_db:g} dB HL)."
    return f"{side} ear: PTA {f.pta_db:g} dB HL ({f.degree}); type not determined without bone conduction."


def render_findings(findings: AudiologyFindings | None) -> tuple[list[str], list[str]]:
    """Objective and assessment sentences from the computed audiology findings."""
    if findings is None or not findings.has_audiogram:
        return [], []
    objective, assessment = [], []
    r, left = findings.right, findings.left
    if r.pta_db is not None and left.pta_db is not None:
        objective.append(f"PTA (0.5/1/2 kHz): right {r.pta_db:g} dB HL, left {left.pta_db:g} dB HL.")
    tymp = [
        f"{ear} Type {f.tympanometry_type}"
        for ear, f in (("right", r), ("left", left))
        if f.tympanometry_type
    ]
    if tymp:
        objective.append("Tympanometry: " + ", ".join(tymp) + ".")
    for ear, f in (("right", r), ("left", left)):
        phrase = _ear_phrase(ear, f)
        if phrase:
            assessment.append(phrase)
    if findings.asymmetry.significant:
        assessment.append(
            f"Significant interaural asymmetry ({findings.asymmetry.reason}), "
            f"{findings.asymmetry.worse_ear} ear worse: retrocochlear referral warrants consideration."
        )
    return objective, assessment


def _near_duplicate(text: str, kept: list[str]) -> bool:
    words = set(re.findall(r"\w+", text.lower()))
    for other in kept:
        other_words = set(re.findall(r"\w+", other.lower()))
        if words and len(words & other_words) / len(words | other_words) > 0.7:
            return True
    return False


def draft(
    transcript: str,
    documents: list[tuple[str, str]],
    findings: AudiologyFindings | None,
    excluded: set[str] | None = None,
) -> Draft:
    """``excluded``: sentences the judge rejected in an earlier round; they are left out this time."""
    excluded = excluded or set()
    sentences = transcript_sentences(transcript)
    start = len(sentences)
    for name, text in documents:
        doc = document_sentences(name, text, start)
        sentences.extend(doc)
        start += len(doc)
    folded = _fold_answers(sentences)
    result = Draft()
    objective, assessment = render_findings(findings)
    result.objective.extend(objective)
    result.assessment.extend(assessment)
    for sentence in sentences:
        if INSTRUCTION.search(sentence.text):
            continue
        section: str | None
        if sentence.index in folded:
            text, section = folded[sentence.index], "subjective"
        else:
            text = clean(sentence.text, spoken=sentence.speaker != "document")
            section = _place(sentence, text)
            if section is None or SHORT_ANSWER.match(text):
                continue
            if sentence.speaker == "patient":
                text = third_person(text)
            elif section == "plan" and sentence.speaker != "document":
                text = addressed_to_patient(text)
        if text in excluded:
            continue
        bucket = getattr(result, section)
        if not _near_duplicate(text, bucket):
            bucket.append(text)
    return result
