"""Reading speech-recognition transcripts: unpunctuated turns, swapped speaker tags, spoken numbers and the
questions and answers inside them."""

from __future__ import annotations

import pytest

from echo_notes.ai.drafting import grounded
from echo_notes.ai.drafting.metrics import note_text
from echo_notes.ai.drafting.segment import segmenter
from echo_notes.ai.drafting.sources import SourceSentence, transcript_sentences

RUN_ON = (
    "so on your knee exam i see that you have some pain to palpation of the medial aspect of your right knee "
    "prior to coming in we did an x-ray of that right knee and luckily you didn't break anything so for that "
    "i'm going to prescribe you ibuprofen eight hundred milligrams twice a day and i want you to ice the knee"
)


def test_an_unpunctuated_turn_is_split_into_sentences_and_no_word_is_changed():
    pieces = segmenter().split(RUN_ON)
    assert len(pieces) >= 2
    assert " ".join(pieces).split() == RUN_ON.split()


@pytest.mark.parametrize(
    "text",
    [
        "no shortness of breath just want to make sure",  # too short to need boundaries
        "So on your knee exam I see some pain. Before you came in we did an x-ray and it was fine",
    ],
)
def test_short_or_punctuated_text_keeps_the_boundaries_it_has(text):
    assert segmenter().split(text) == [text]


def test_recovered_boundaries_apply_to_lower_case_turns_only_and_can_be_turned_off():
    transcript = f"[doctor] {RUN_ON}\n[patient] okay"
    split = transcript_sentences(transcript)
    whole = transcript_sentences(transcript, recover_boundaries=False)
    assert len(whole) == 2
    assert len(split) > len(whole)
    assert all(s.speaker == "clinician" for s in split[:-1])
    cased = transcript_sentences(f"[doctor] {RUN_ON.capitalize()}\n[patient] okay")
    assert len(cased) == 2  # a cased transcript was punctuated by a person or a model: its sentences stand


SWAPPED = "\n".join(
    [
        "[doctor] hi i'm doing well i'm a bit anxious my gp said my lab work was abnormal",
        "[patient] i see she referred you for a low iga level is that your understanding",
        "[doctor] yes i think so",
        "[patient] do you get a lot of infections in your chest or sinuses",
        "[doctor] i get a lot of colds in the winter and my sinuses flare up",
        "[patient] any fevers with them",
        "[doctor] no not really",
        "[patient] have you ever had a blood transfusion",
        "[doctor] no never",
        "[patient] okay your exam today is normal your lungs are clear and your heart sounds fine",
        "[doctor] that's good",
        "[patient] we'll check your other antibody levels and i'll see you in three months",
    ]
)


def test_speaker_tags_the_wrong_way_round_are_read_by_what_each_voice_says():
    sentences = transcript_sentences(SWAPPED)
    by_turn = {s.turn: s.speaker for s in sentences}
    assert by_turn[0] == "patient"  # tagged [doctor], but tells of their own lab work
    assert by_turn[1] == "clinician"  # tagged [patient], but asks and examines
    correct = SWAPPED.replace("[doctor]", "[x]").replace("[patient]", "[doctor]").replace("[x]", "[patient]")
    assert {s.turn: s.speaker for s in transcript_sentences(correct)} == by_turn


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("it was one fifty over seventy today", "It was 150/70 today"),
        ("about a hundred and forty over ninety", "About 140/90"),
        ("one twenty two over seventy", "122/70"),
        ("ibuprofen eight hundred milligrams twice a day", "Ibuprofen 800 mg twice a day"),
        ("about twenty three hundred milligrams of sodium", "About 2300 mg of sodium"),
        ("a grade two out of six systolic murmur", "A grade 2/6 systolic murmur"),
        ("the pain is seven out of ten", "The pain is 7/10"),
        ("my sugar went over two hundred", "My sugar went over two hundred"),  # no reading: no second number
        ("i walk four to five miles", "I walk 4 to 5 miles"),
    ],
)
def test_spoken_readings_doses_and_scores_are_written_as_notes_write_them(said, written):
    assert grounded.clean(said) == written


def test_a_phrase_said_twice_is_written_once():
    assert (
        grounded.clean("i was i was doing some work on my property") == "I was doing some work on my property"
    )
    assert grounded.clean("how have you been doing how have you been doing with that") == (
        "How have you been doing with that"
    )


def _pair(question: str, answer: str) -> list[SourceSentence]:
    return [
        SourceSentence(question, "clinician", 0, 0, is_question=True),
        SourceSentence(answer, "patient", 1, 1),
    ]


@pytest.mark.parametrize(
    ("question", "answer", "folded"),
    [
        # Family history: who is the answer, and a no is a no however it was asked.
        (
            "Does anyone in your family have hearing problems?",
            "No.",
            "Denies family history of hearing problems.",
        ),
        ("Anyone in the family with hearing loss?", "No, nobody.", "Denies family history of hearing loss."),
        ("Anyone in the family with hearing loss?", "Yes.", "Reports family history of hearing loss."),
        (
            "Anyone in the family with hearing loss?",
            "No, but my sister has tinnitus.",
            "Denies family history of hearing loss. Their sister has tinnitus.",
        ),
        (
            "Anyone in the family with hearing loss?",
            "Yeah, my grandmother on my mother's side.",
            "Family history of hearing loss: grandmother on their mother's side.",
        ),
        (
            "and, how about, you know, other symptoms, like, have you had a fever or chills?",
            "no",
            "Denies fever or chills.",
        ),
        ("do you get migraines?", "no", "Denies migraines."),
        (
            "any hearing loss you notice in the left ear",
            "no i don't think so",
            "Denies hearing loss in the left ear.",
        ),
        (
            "have you had like any body aches or chills or anything like that",
            "no",
            "Denies body aches or chills.",
        ),
        ("any blood in your urine that you've seen?", "no", "Denies blood in urine."),
        ("any noises in the right ear", "no the right ear is fine", "Denies noises in the right ear."),
        ("and any weakness in, in your legs?", "no", "Denies weakness in legs."),
        (
            "and no previous history of heavy alcohol use?",
            "no",
            "Denies previous history of heavy alcohol use.",
        ),
        (
            "so you've been having some problems with your right hip?",
            "yeah",
            "Reports some problems with right hip.",
        ),
    ],
)
def test_a_yes_no_question_is_folded_by_its_topic(question, answer, folded):
    assert grounded._fold_answers(_pair(question, answer)) == {1: ("subjective", folded)}


@pytest.mark.parametrize(
    "question",
    [
        "does it hurt when i press here?",  # an examination manoeuvre: "Denies it hurt here" says nothing
        "is that tender anywhere that i press",
        "have you taken anything for the pain?",  # not a symptom: the answer is the content
        "what about your family are are anyone in your family that have immune deficiencies",
        "and no other symptoms since then?",
    ],
)
def test_a_question_without_a_symptom_or_history_topic_is_not_folded(question):
    assert grounded._fold_answers(_pair(question, "no")) == {}


def test_yes_to_a_negative_question_is_not_read_either_way():
    assert grounded._fold_answers(_pair("no headaches?", "no")) == {1: ("subjective", "Denies headaches.")}
    assert grounded._fold_answers(_pair("no headaches?", "yes")) == {}


def test_the_patients_asked_advice_loses_a_trailing_conjunction():
    pair = [
        SourceSentence(
            "do i need to elevate my leg or stay off my leg or", "patient", 0, 0, is_question=True
        ),
        SourceSentence("yes elevate it when you can", "clinician", 1, 1),
    ]
    assert grounded._fold_answers(pair) == {
        1: ("plan", "Advised to elevate their leg or stay off their leg.")
    }


@pytest.mark.parametrize(
    "said",
    [
        "tell me a little bit more about that elbow pain",
        "for your assessment and plan",
        "let me tell you a little bit about the assessment and plan",
    ],
)
def test_interview_prompts_and_spoken_headings_are_not_written(said):
    assert grounded.NARRATION.match(grounded.clean(said))


def test_what_about_and_how_about_ask_even_without_a_question_mark():
    sentences = transcript_sentences(
        "[doctor] what about your family history of immune problems\n[patient] none"
    )
    assert sentences[0].is_question


def test_an_answer_to_a_clinical_question_is_known_as_one():
    sentences = transcript_sentences(
        "[doctor] Any ringing or noises in your ears?\n[patient] A hissing in the left, like steam.\n"
        "[doctor] Nice weather today?\n[patient] Lovely and sunny."
    )
    assert grounded._answers_to_clinical_questions(sentences) == {1}


@pytest.mark.parametrize(
    ("said", "adjusts"),
    [
        ("I'm increasing the noise reduction in that program", True),
        ("I've turned the volume down a little for her", True),
        ("We'll add a second program for music", True),
        ("The noise reduction is already at maximum", False),
    ],
)
def test_a_fitting_adjustment_is_recognised(said, adjusts):
    assert bool(grounded.ADJUSTMENT.search(said)) is adjusts


def test_a_checklist_question_left_as_a_bare_phrase_is_asked_not_stated():
    note = grounded.draft(
        "\n".join(
            [
                "[audiologist] any dizziness",
                "[patient] no",
                "[audiologist] family history of hearing loss",
                "[patient] no not that i know of",
                "[audiologist] ear canals are clear and the eardrums look healthy",
                "[patient] okay",
            ]
        ),
        [],
        None,
    )
    text = " ".join(note.subjective + note.objective)
    assert "Denies family history of hearing loss." in text
    assert "Family history of hearing loss." not in text


def test_a_checklist_item_answered_in_words_is_written_with_its_label():
    sentences = grounded._with_bare_questions(
        transcript_sentences(
            "[audiologist] okay medications\n[patient] just levothyroxine for my thyroid\n"
            "[audiologist] alcohol\n[patient] a beer on the weekend"
        )
    )
    assert [s.is_question for s in sentences] == [True, False, True, False]
    assert grounded._fold_answers(sentences) == {
        1: ("subjective", "Medications: levothyroxine for their thyroid."),
        3: ("subjective", "Alcohol: a beer on the weekend."),
    }


def test_a_no_that_repeats_the_question_adds_nothing_and_a_no_but_keeps_the_but():
    assert grounded._fold_answers(_pair("shortness of breath?", "no shortness of breath")) == {
        1: ("subjective", "Denies shortness of breath.")
    }
    folded = grounded._fold_answers(
        _pair("any vomiting or constipation?", "no vomiting but constipation yes")
    )
    # the no denies vomiting only: "Denies vomiting or constipation" would contradict the but
    assert folded[1] == ("subjective", "Denies vomiting. Constipation yes.")


@pytest.mark.parametrize(
    ("said", "asks"),
    [
        ("and then have you ever injured this arm before", True),
        ("no and do you have any problems walking", True),
        ("tell me have you had pain in that shoulder before", True),
        ("we have you on some medication for your blood pressure", False),
        ("so it can you know your kidney function is fine", False),
        ("and the results are good on both sides", False),
    ],
)
def test_a_question_after_a_lead_in_is_asked_not_stated(said, asks):
    sentences = grounded._with_led_in_questions(transcript_sentences(f"[doctor] {said}\n[patient] no"))
    assert sentences[0].is_question is asks


def test_a_command_to_the_recording_assistant_is_not_written():
    visit = (
        "[doctor] I'm going to recommend ibuprofen 800 mg twice a day for the knee pain.\n"
        "[doctor] Hey Dragon, order the medications and procedures discussed, and finalize the report."
    )
    text = note_text(grounded.draft(visit, [], None).sections())
    assert "800 mg" in text and "finalize" not in text and "procedures discussed" not in text


def test_no_sentence_ends_after_a_title():
    said = "and i'll write to your gp dr <PERSON_1> today with the results of the hearing test"
    assert not any(piece.endswith(" dr") for piece in segmenter().split(said))


MENIERE = "\n".join(
    [
        "so what's been happening with your ear",
        "well about three months ago i started getting these attacks where the room spins and my left ear "
        "feels full and roars",
        "any headaches with them",
        "no not really",
        "okay i've looked in your ears and they're both clear and your hearing is down in the low pitches on "
        "the left",
        "i'd like you to see the ent specialist and in the meantime cut down on salt and caffeine",
    ]
)


def test_an_answer_that_opens_with_when_it_began_keeps_what_began():
    note = grounded.draft(MENIERE, [], None)
    assert note.subjective[0].startswith(
        "About 3 months ago the patient started getting these attacks where the room"
    )
    assert any("looked in their ears" in line for line in note.objective)
