"""Turn a visit's transcript and documents into attributed source sentences the drafter can choose from.

Transcripts come as tagged dialogue (``[clinician] …``), lower-case ASR lines with no speaker tags, or a
clinician's dictation; documents as report text with headed sections. Each sentence keeps who said it
(or which document section it came from), so the drafter can place it and the judge can trace it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from echo_notes.ai.drafting.segment import segmenter
from echo_notes.ai.placeholders import PLACEHOLDER

VOICE_TAG = r"<PERSON_\d+>|speaker\s*\w{1,2}|spk\s*\w{1,2}"
"""A tag that names a voice but not its role: a masked first name, a diariser's "Speaker 1"."""
TAG = (
    r"(?:clinician|doctor|dr|audiologist|provider|nurse|patient|"
    r"(?:patient'?s\s+)?(?:parent|mother|father|mum|mom|dad|family|carer|caregiver|child|spouse|wife|husband|"
    r"partner|daughter|son|sister|brother|grandmother|grandfather|grandparent|guardian|friend)|interpreter"
    r"|aud|au\.d\.?|his|clin|pt"
    r"|(?:dr|doctor|prof|mr|mrs|ms|miss|mx)\.?\s+(?:<PERSON_\d+>|(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?))"
    r"|" + VOICE_TAG + r")"
)
TAG_NOTE = r"(?:\s*\([^)]{1,40}\))?"
"""A note after the tag ("Audiologist (AuD)", "Doctor (00:00:12)"), not part of its name."""
NAMED_TAG = f"(?P<named>{TAG}){TAG_NOTE}"
SPEAKER = re.compile(r"^\s*(?:\[(?P<speaker>[a-z ]+)\]|" + NAMED_TAG + r"\s*:)\s*", re.IGNORECASE)
"""Speaker tags at the start of a turn: ``[clinician] …``, ``Clinician: …``, ``AUD:``/``PT:``, a titled
name (``Dr. <PERSON_1>:``, ``MRS. OKAFOR:``), a masked name alone (``<PERSON_2>:``) or a diariser's
``Speaker 1:``; a note after the tag (``Audiologist (AuD):``) is part of it."""
TIMESTAMP = r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?"
LEADING_TIMESTAMP = re.compile(r"^\s*" + TIMESTAMP + r"\s*(?:[-–—]\s*)?")
TAG_ALONE = re.compile(r"^\s*" + NAMED_TAG + r"\s*(?:" + TIMESTAMP + r")?\s*:?\s*$", re.IGNORECASE)
"""Exported transcripts stamp each turn ("[00:01:23] Doctor: …") or put the speaker on a line of its own
("Speaker 1  0:03" / "DOCTOR", the words below it)."""
CLINICIAN_TAGS = {
    "clinician",
    "doctor",
    "audiologist",
    "dr",
    "provider",
    "nurse",
    "aud",
    "au.d",
    "au.d.",
    "his",
}
CLINICIAN_TITLE = re.compile(r"(?i)^(?:dr|doctor|prof|clin)\b")
SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bSt\.)(?<!\bProf\.)(?<!\bvs\.)"
    r"(?<!\bapprox\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bincl\.)(?<!\bca\.)(?<!\b[A-Z]\.)"
    r"\s+(?=[A-Z0-9<\"'(])"
)
"""A sentence ends at . ! or ? before a capital — not after a title ("Dr. Okafor"), an initial ("Dr. M.
Whitfield") or an abbreviation ("now approx. 3-4 dB below target")."""
SECTION_NAME = (
    r"(?i)^(?P<head>subjective|objective|assessment|plan|history(?: of present illness)?|impression|"
    r"recommendations?|reason for (?:visit|referral)|findings|results|exam(?:ination)?|diagnosis)"
)
DICTATED_HEADING = re.compile(SECTION_NAME + r"\s*:\s*")
SPOKEN_HEADING = re.compile(SECTION_NAME + r"\s*\.?\s*$")
"""A dictated section name ("Plan: one, …", or said as a sentence of its own: "Assessment. Stable …") —
what follows belongs there until the next one."""
OPENER = r"(?:(?:and|so|okay|ok|great|right|lovely|well|now|alright|good)\s+)*"
QUESTION_START = re.compile(
    r"(?i)^" + OPENER + r"(?:any|do|does|did|are|is|was|were|can|could|would|have|has|should|shall|"
    r"will|what about|how about)\b"
)
WH_QUESTION = re.compile(r"(?i)^" + OPENER + r"(?:how|what|whats|when|where|which|who|why)\b")
"""Unpunctuated speech-recognition lines ask a question when they open like one ("any dizziness"); a
wh-word opens long statements too ("what I'd like you to do is …"), so only a short line counts…"""
WH_INVERTED = re.compile(
    r"(?i)^" + OPENER + r"(?:how|what|when|where|which|who|why)\b(?:\s+\S+){0,4}?\s+"
    r"(?:do|does|did|would|have|has|are|is|was|were|can|could|will)\s+(?:you|he|she|they|it|we)\b"
)
"""… or one whose verb comes before its subject ("what part of your knee would you say hurts")."""
LONG_TAGS = (
    r"is that (?:okay|ok|all right|alright)|"
    r"does that (?:sound (?:good|okay|all right|alright|like a plan)|make sense|work(?: for you)?)|"
    r"sound good|how does that sound|fair enough"
)
NOT_AFTER_IS = r"(?<!\bis)(?<!\bwas)(?<!\bare)(?<!\bthat's)(?<!\bit's)"
TAG_QUESTION = re.compile(
    rf"(?i){NOT_AFTER_IS}(?<!\bthat),?\s+"
    rf"(?:okay|ok|all ?right|right|yeah|yes|you know|alright|{LONG_TAGS})\s*\?$"
)
"""A statement with a question tacked on ("we'll see you in two weeks, okay?") still states; only the
tag asks, and a note does not write it. After "is" or "that's" the word is no tag but what is asked: "the
light goes green, that is right?" asks whether it is."""
UNPUNCTUATED_TAG = re.compile(rf"(?i),?\s+(?:{LONG_TAGS})$")
"""Speech recognition writes no question mark, and a one-word tag ("right", "okay") could end a statement;
a tag of several words is one all the same ("i'm going to remove it today is that alright")."""
CONFIRMATION = re.compile(
    r"(?i)(?:,?\s+(?:is that (?:right|correct|true)|isn't that right)"
    rf"|{NOT_AFTER_IS}(?<!\bbe),?\s+correct)\s*\??$"
)
"""The clinician checking what they were told ("your GP sent you about your right ear, is that right?")
states it, as a note would; the patient asking the same ("the light goes green, is that right?") asks. A
bare "correct" is one too ("you said this happened yesterday correct"), but not after "is" ("the dose she
takes is correct")."""
LOWER_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
"""Speech-recognition text has no capitals to mark a new sentence; any full stop or question mark does."""
TOKENISED = [
    (re.compile(r"\s+([,.;:!?%])"), r"\1"),
    (re.compile(r"(\w)\s+('(?:s|re|m|ve|ll|d)\b)"), r"\1\2"),
    (re.compile(r"(\w)\s+(n't)\b"), r"\1\2"),
]
CONTRACTIONS = re.compile(
    r"\b(im|ive|id|youre|youve|youll|youd|theyre|theyve|theres|thats|whats|lets|hes|shes|cant|dont|doesnt|"
    r"didnt|isnt|wasnt|arent|werent|havent|hasnt|hadnt|wont|wouldnt|couldnt|shouldnt|aint)\b"
)
"""Speech recognisers that drop apostrophes write "im", "cant", "thats"; these words have no other reading."""
WILL_VERBS = (
    "write|send|see|book|rebook|refer|check|get|call|give|put|have|do|make|start|try|defer|test|fit|order|"
    "arrange|set|take|look|keep|need|be|review|follow|repeat|redo|discuss|talk|go|let|ask|bring|organise|"
    "organize"
)


def _before(verbs: str) -> str:
    return rf"(?= (?:also |then |just |probably |definitely )?(?:{verbs})\b)"


AMBIGUOUS_CONTRACTION = re.compile(r"(?<!\bas )\b(ill|well)" + _before(WILL_VERBS))
"""ASR "ill"/"well" are "I'll"/"we'll" before a verb ("well rebook your test"), not "as well"."""
NOTE_CONTRACTION = re.compile(
    r"\b(?:(?P<will>hell|shell|theyll)"
    + _before(WILL_VERBS + "|examine")
    + r"|(?P<its>[Ii]ts)(?= (?:been|a|an|the|their|his|her|my|"
    r"your|our|there|here|not|like|only|just|so|very|really|pretty|quite|too|fine|ok|okay|alright|always|"
    r"never|still|getting|going|gone|got|more|less|all|about|hard|because|when|worse|better|usually|mostly|"
    r"probably|definitely|actually|almost|in|on|at|from|what|how|why|where|that|this|kind|sort)\b))"
)
"""Further readings for the note's wording only — the keep model was fitted on sentences without them, so
its inputs stay as they were: "its been" and "its their left ear" are "it's" (the possessive is followed by a
noun: "working its way out"), and "hell examine you" is "he'll"."""
APOSTROPHE_AT = {"nt": 1, "re": 2, "ve": 2, "ll": 2, "s": 1, "m": 1, "d": 1}
"""How many letters follow the apostrophe for each ending ("does|n't" → one: "t")."""


def restore_apostrophes(text: str) -> str:
    """Put back the apostrophes of lower-case speech-recognition text, so "im" reads as "i'm"."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in ("cant", "wont", "aint"):
            return {"cant": "can't", "wont": "won't", "aint": "ain't"}[word]
        for ending, size in APOSTROPHE_AT.items():
            if word.endswith(ending):
                return f"{word[:-size]}'{word[-size:]}"
        return word

    text = CONTRACTIONS.sub(fix, text)
    return AMBIGUOUS_CONTRACTION.sub(lambda m: {"ill": "i'll", "well": "we'll"}[m.group(1)], text)


def note_contractions(text: str) -> str:
    """ "its been" → "it's been", "hell examine" → "he'll examine" (see ``NOTE_CONTRACTION``)."""

    def fix(match: re.Match[str]) -> str:
        if match.group("its"):
            return match.group("its")[:2] + "'s"
        will = match.group("will")
        return f"{will[:-2]}'ll"

    return NOTE_CONTRACTION.sub(fix, text)


DOC_HEADING = re.compile(r"^\s*(?P<head>[A-Z][A-Za-z /&()-]{2,40}?)\s*:\s*(?P<rest>.*)$")


@dataclass(frozen=True)
class SourceSentence:
    text: str
    speaker: str
    """``clinician``, ``patient`` (any non-clinician voice), ``dictation`` or ``document``."""
    index: int
    turn: int
    heading: str | None = None
    """For documents: the section the line sits under (``SUMMARY``, ``RECOMMENDATIONS``…)."""
    is_question: bool = False
    label: str | None = None
    """For a document's ``Label: value`` line, the label as written (on the line's first sentence)."""
    voice: str | None = None
    """Who on the patient's side said it when that is not the patient ("mother", "wife", "family
    member"): their "I" is not the patient's."""


def tidy(text: str) -> str:
    """Undo tokenised spacing ("hi , martha . i 'm") that some transcription systems produce."""
    for pattern, replacement in TOKENISED:
        text = pattern.sub(replacement, text)
    return text


def _split_sentences(text: str, segment: bool = False) -> list[str]:
    """``segment``: a lower-case turn with no sentence marks is one run of a recogniser that writes no
    punctuation; the learned segmenter places its boundaries."""
    parts: list[str] = []
    text = tidy(text.strip())
    # Placeholders ("<PERSON_1>") are the masker's capitals, not the speaker's.
    lower = not any(ch.isupper() for ch in PLACEHOLDER.sub("", text))
    if lower:
        text = restore_apostrophes(text)
    pieces = LOWER_SENTENCE_END.split(text) if lower else SENTENCE_END.split(text)
    for chunk in pieces:
        chunk = chunk.strip()
        if chunk:
            parts.extend(segmenter().split(chunk) if lower and segment else [chunk])
    return parts


CLINICIAN_CUES = re.compile(
    r"(?i)\b(?:your|you've|you're|youve|youre|let's|lets|i'd like you|id like you|i'll|ill|we'll|we|"
    r"audiologists?|i'm going to|im going to|have a look|results?|test(?:ed|ing|s)?|recommend\w*|hertz|hz|"
    r"decibels?|db|normal|canals?|eardrums?|tympanometry|pressure test|matched|levels|questionnaire|score|"
    r"programs?|settings|thresholds?|audiogram|drops|referr?\w*)\b"
)
PATIENT_CUES = re.compile(
    r"(?i)\b(?:my|me|i've|ive|i'm|im|i was|i had|i have|i do|i don't|i dont|i didn't|i didnt|i think|i feel|"
    r"i guess|i can't|i cant|honestly|thanks|thank you)\b"
)
SELF_QUESTION = re.compile(
    r"(?i)^" + OPENER + r"(?:(?:do|should|can|will|could|would|am|did|have|must) i|is (?:it|that) "
    r"(?:permanent|serious|bad|normal|dangerous|going to)|what (?:do|should|can) i|"
    r"how (?:do|long|much) (?:i|will))\b"
)
SWITCH = math.log(0.8)
STAY = math.log(0.2)


def _line_evidence(line: str) -> float:
    """How much a line sounds like the clinician (positive) or the patient (negative)."""
    text = line.strip()
    asks = text.endswith("?") or bool(QUESTION_START.match(text) or WH_QUESTION.match(text))
    asks_for_self = bool(SELF_QUESTION.match(text))  # "do I need to …", "is it permanent": the patient's
    score = (
        (-1 if asks_for_self else int(asks))
        + len(CLINICIAN_CUES.findall(text))
        - len(PATIENT_CUES.findall(text))
    )
    return max(-3.0, min(3.0, float(score)))


def _diarise(lines: list[str]) -> list[str]:
    """Untagged speech-recognition text has about one turn per line, so two voices mostly alternate. A
    two-state hidden Markov model decodes who spoke each line (Viterbi): turns switch with probability 0.8,
    and each line's words are evidence — the clinician asks, says "your", names tests and results; the
    patient says "my", "I've", "I think". A speaker whose turn the recogniser broke over two lines stays the
    same speaker, where plain alternation would swap every later line. A third voice in the room is heard
    as the patient's side."""
    if not lines:
        return []
    states = ("clinician", "patient")
    evidence = [_line_evidence(line) for line in lines]

    def emit(state: int, value: float) -> float:
        return value * 0.75 if state == 0 else -value * 0.75

    best = [emit(0, evidence[0]) + 0.5, emit(1, evidence[0])]
    back: list[list[int]] = []
    for value in evidence[1:]:
        step, row = [], []
        for state in (0, 1):
            stay, switch = best[state] + STAY, best[1 - state] + SWITCH
            row.append(state if stay >= switch else 1 - state)
            step.append(max(stay, switch) + emit(state, value))
        best, back = step, [*back, row]
    path = [0 if best[0] >= best[1] else 1]
    for row in reversed(back):
        path.append(row[path[-1]])
    return [states[state] for state in reversed(path)]


COMPANION_VOICES = {
    "parent": "parent",
    "mother": "mother",
    "mum": "mother",
    "mom": "mother",
    "father": "father",
    "dad": "father",
    "family": "family member",
    "carer": "carer",
    "caregiver": "caregiver",
    "spouse": "spouse",
    "wife": "wife",
    "husband": "husband",
    "partner": "partner",
    "daughter": "daughter",
    "son": "son",
    "sister": "sister",
    "brother": "brother",
    "grandmother": "grandmother",
    "grandfather": "grandfather",
    "grandparent": "grandparent",
    "guardian": "guardian",
    "friend": "friend",
}
"""The patient's side speaking for themselves. A "child" tag is the patient (the young patient beside a
parent) and an interpreter speaks the patient's words, so neither is a voice of its own."""


def _voice(tag: str) -> str | None:
    return COMPANION_VOICES.get(re.sub(r"^patient'?s\s+", "", tag))


def _tag(match: re.Match[str]) -> str:
    return re.sub(r"\s+", " ", (match.group("speaker") or match.group("named")).strip().lower())


def _known_role(tag: str) -> str | None:
    """The role a tag names; None for a voice the tag does not place (``Speaker 1``, a masked name)."""
    if tag in CLINICIAN_TAGS or CLINICIAN_TITLE.match(tag):
        return "clinician"
    if re.fullmatch(VOICE_TAG, tag, re.IGNORECASE):
        return None
    return "patient"


def _tag_roles(lines: list[str]) -> dict[str, str]:
    """Each tag's role. Tags that do not name one (a diariser's "Speaker 1", a masked first name) are
    placed by what their lines sound like (``_line_evidence``): with no tag naming the clinician, the voice
    that sounds most like one is the clinician and the others the patient's side; otherwise all of them are
    the patient's side (family, an interpreter)."""
    evidence: dict[str, list[float]] = {}
    for line in lines:
        if match := SPEAKER.match(line):
            evidence.setdefault(_tag(match), []).append(_line_evidence(line[match.end() :]))
    roles = {tag: role for tag in evidence if (role := _known_role(tag))}
    unplaced = [tag for tag in evidence if tag not in roles]
    if unplaced and "clinician" not in roles.values():
        clinician = max(unplaced, key=lambda tag: sum(evidence[tag]) / len(evidence[tag]))
        roles[clinician] = "clinician"
    return {tag: roles.get(tag, "patient") for tag in evidence}


ROLE_SWAP_MARGIN = 0.5
"""How much more, per line on average, the tagged patient must sound like the clinician than the tagged
clinician does before the tags are read the other way round."""


def _roles_swapped(lines: list[str], roles: dict[str, str]) -> bool:
    """Whether the speaker tags have the two roles the wrong way round. A recogniser that labels voices by
    enrolment or by who spoke first sometimes names the clinician "patient"; the tagged patient then asks
    the questions, names the tests and says "your" far more than the tagged clinician does. The same
    evidence that decodes untagged speech (``_line_evidence``) decides, with a wide margin: on correctly
    tagged visits the clinician's lines score at least 0.25 higher on average, on swapped ones at least 1.0
    lower."""
    evidence: dict[str, list[float]] = {"clinician": [], "patient": []}
    for line in lines:
        if match := SPEAKER.match(line):
            evidence[roles[_tag(match)]].append(_line_evidence(line[match.end() :]))
    if min(len(evidence["clinician"]), len(evidence["patient"])) < 5:
        return False
    return (
        sum(evidence["patient"]) / len(evidence["patient"])
        - sum(evidence["clinician"]) / len(evidence["clinician"])
        > ROLE_SWAP_MARGIN
    )


DICTATION_OPENING = re.compile(r"(?i)\b(?:dictating|dictation|dictated by)\b")


def _dictated(lines: list[str]) -> bool:
    """A dictation written a sentence per line: it opens as one ("This is Dr … dictating") or names two of
    the note's sections itself ("Subjective: …", "Plan." said alone)."""
    headed = sum(
        1 for line in lines if DICTATED_HEADING.match(line.strip()) or SPOKEN_HEADING.match(line.strip())
    )
    return headed >= 2 or bool(lines and DICTATION_OPENING.search(lines[0]))


INLINE_TAG = re.compile(
    r"(?<=[.!?])(?<!\bdr\.)(?<!\bmr\.)(?<!\bms\.)(?<!\bmrs\.)(?<!\bmx\.)(?<!\bprof\.)\s+(?="
    + TAG
    + TAG_NOTE
    + r"\s*:)",
    re.IGNORECASE,
)
"""A tag after a sentence's end inside a line: a dialogue pasted as one paragraph ("Doctor: Any ringing?
Patient: Yes, …")."""


def _tags_inside(line: str) -> bool:
    """A line that opens with a tag and has another after one of its sentences' ends: two turns or more."""
    return bool(SPEAKER.match(line) and INLINE_TAG.search(line))


def _turn_lines(lines: list[str]) -> list[str]:
    """One turn per line with its tag in front: a pasted paragraph split at its tags, timestamps dropped,
    and a speaker written on a line of its own put before each line it heads."""
    out: list[str] = []
    heading: str | None = None
    split = [turn for line in lines for turn in (INLINE_TAG.split(line) if _tags_inside(line) else [line])]
    split = [LEADING_TIMESTAMP.sub("", line) for line in split]
    # Speakers on lines of their own come as two voices or more; a lone "doctor" is a word someone said.
    alone_tags = {m.group("named").lower() for line in split if (m := TAG_ALONE.match(line))}
    for line in split:
        if len(alone_tags) >= 2 and (alone := TAG_ALONE.match(line)):
            heading = alone.group("named")
            continue
        out.append(f"{heading}: {line}" if heading and not SPEAKER.match(line) else line)
    return out


def transcript_sentences(transcript: str, recover_boundaries: bool = True) -> list[SourceSentence]:
    """The transcript's sentences, each with its speaker. ``recover_boundaries`` lets the learned
    segmenter split unpunctuated speech-recognition turns; the keep model is fitted without it (see
    ``evals/train_keep_model.py``)."""
    cased = any(ch.isupper() for ch in PLACEHOLDER.sub("", transcript))
    if _mostly_upper(PLACEHOLDER.sub("", transcript)):
        # All capitals say nothing of sentences or names; read it as the lower-case text of a recogniser.
        transcript = _lowered(transcript)
    lines = _turn_lines([line for line in transcript.splitlines() if line.strip()])
    tagged = sum(1 for line in lines if SPEAKER.match(line)) >= max(1, len(lines) // 3)
    roles = _tag_roles(lines)
    swapped = tagged and _roles_swapped(lines, roles)
    dictation = not tagged and cased and (any(len(line.split()) > 60 for line in lines) or _dictated(lines))
    diarised = _diarise(lines) if not tagged and not dictation else None
    out: list[SourceSentence] = []
    speaker = "patient"
    voice: str | None = None
    heading: str | None = None
    for turn, line in enumerate(lines):
        match = SPEAKER.match(line)
        if match:
            speaker = roles.get(_tag(match), "patient")
            if swapped:
                speaker = "patient" if speaker == "clinician" else "clinician"
            voice = _voice(_tag(match)) if speaker == "patient" and not swapped else None
            line = line[match.end() :]
        elif dictation:
            speaker = "dictation"
        elif diarised:
            speaker = diarised[turn]
        for sentence in _split_sentences(line, recover_boundaries):
            if speaker == "dictation" and (
                dictated := DICTATED_HEADING.match(sentence) or SPOKEN_HEADING.match(sentence)
            ):
                heading, sentence = dictated.group("head").upper(), sentence[dictated.end() :]
                if not sentence.strip():
                    continue
            stripped = sentence.rstrip()
            unpunctuated = stripped[-1:].isalnum()
            tag = (
                TAG_QUESTION.search(stripped)
                or (UNPUNCTUATED_TAG.search(stripped) if unpunctuated else None)
                or (CONFIRMATION.search(stripped) if speaker != "patient" else None)
            )
            if tag and len(stripped[: tag.start()].split()) >= 4:
                statement = stripped[: tag.start()].rstrip(" ,")
                if not (QUESTION_START.match(statement) or WH_QUESTION.match(statement)):
                    sentence = stripped = statement + "."
            question = stripped.endswith("?") or (
                stripped[-1:].isalnum()
                and (
                    bool(QUESTION_START.match(stripped))
                    or (bool(WH_QUESTION.match(stripped)) and len(stripped.split()) <= 8)
                    or bool(WH_INVERTED.match(stripped))
                    or bool(CONFIRMATION.search(stripped))
                )
            )
            out.append(
                SourceSentence(
                    sentence,
                    speaker,
                    len(out),
                    turn,
                    heading if speaker == "dictation" else None,
                    question,
                    voice=voice if speaker == "patient" else None,
                )
            )
    return out


def _lowered(text: str) -> str:
    """Lower case, the masker's placeholders ("<PERSON_1>") as they are."""
    out, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        out += [text[last : match.start()].lower(), match.group(0)]
        last = match.end()
    return "".join([*out, text[last:].lower()])


def _mostly_upper(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.8


def _block_heading(line: str) -> str | None:
    """A report's block title ("BEDSIDE VESTIBULAR (infrared video goggles)"): capitals, short, with at most
    a parenthetical note after it."""
    bare = re.sub(r"\([^)]*\)", " ", line).strip().rstrip(":")
    if bare and _mostly_upper(bare) and len(bare.split()) <= 6 and len(line.split()) <= 10:
        return bare.upper()
    return None


CELL_GAP = re.compile(r"\s{2,}")


def _header_cells(line: str) -> list[str] | None:
    """A fixed-width table's header row ("Ear   SRT   WRS (NU-6, 25 words)   Presentation level"): three or
    more space-aligned cells, each a name (an audiogram's "250  500  1000" header is numbers)."""
    cells = CELL_GAP.split(line)
    if (
        len(cells) >= 3
        and "|" not in line
        and all(c[:1].isalpha() for c in cells)
        and not DOC_HEADING.match(line)
    ):
        return cells
    return None


def _in_prose(name: str) -> str:
    """ "Peak pressure" → "peak pressure" inside a sentence; "SRT" and "WRS (NU-6)" stay as written."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _table_row(title: str | None, columns: list[str], line: str) -> str | None:
    """A row under its header, each value with its column's name: "Right A -10 daPa 0.68 ml" reads
    "Tympanometry, right: type A, peak pressure -10 daPa, compliance 0.68 ml" — without the names a
    clinician cannot tell compliance from ear-canal volume."""
    cells = CELL_GAP.split(line)
    if len(cells) != len(columns) or not re.fullmatch(r"[A-Za-z][\w ]*", cells[0]):
        return None
    named = ", ".join(
        f"{_in_prose(column)} {value}" for column, value in zip(columns[1:], cells[1:], strict=True)
    )
    row = f"{_in_prose(cells[0])}: {named}"
    return f"{title.capitalize()}, {row}" if title else row[:1].upper() + row[1:]


LIST_MARKER = re.compile(r"^(?:[-•*·▪◦‣–—]|\(?\d{1,2}[.)]|\(?[a-h][.)])\s+")
"""A report's bullets and item numbers ("• No vertigo", "1. Bilateral …", "b) Annual audiogram"): the note
numbers and bullets its own lines."""


def document_sentences(name: str, text: str, start_index: int = 0) -> list[SourceSentence]:
    """Report lines as sentences. A ``Label: value`` line's heading is its label followed by the block it
    sits in ("HEAD IMPULSE TEST / BEDSIDE VESTIBULAR"), so a label the drafter does not know still lands
    where its block belongs; a table's rows carry their column names."""
    out: list[SourceSentence] = []
    heading: str | None = None
    block: str | None = None
    columns: list[str] | None = None
    titled = False
    for turn, raw in enumerate(text.splitlines()):
        line = LIST_MARKER.sub("", raw.strip())
        if not line:
            columns = None
            continue
        if columns and (row := _table_row(block, columns, line)):
            out.append(SourceSentence(row, "document", start_index + len(out), turn, heading))
            continue
        if (cells := _header_cells(line)) and not _block_heading(line):
            columns = cells
            continue
        columns = None
        head = DOC_HEADING.match(line)
        label = None
        if head and len(head.group("head").split()) <= 5:
            heading = head.group("head").upper() + (f" / {block}" if block else "")
            line = head.group("rest").strip()
            if not line:  # "Tinnitus evaluation (left ear):" titles the lines below it
                heading = block = head.group("head").upper()
                continue
            label = head.group("head").strip()
        elif title := _block_heading(line):
            # The report's own title ("HEARING AID FITTING SUMMARY") above its first line is not a section;
            # a second heading before any line ("AUDIOLOGY REPORT", then "HISTORY") is, as is one that names
            # a section ("HISTORY" first).
            heading = block = title if out or turn > 2 or titled or re.match(SECTION_NAME, title) else None
            titled = True
            continue
        for number, sentence in enumerate(_split_sentences(line)):
            out.append(
                SourceSentence(
                    sentence,
                    "document",
                    start_index + len(out),
                    turn,
                    heading,
                    label=label if number == 0 else None,
                )
            )
    return out
