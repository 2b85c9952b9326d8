"""The grounded drafter's reading of speech: who spoke, what a question and its answer mean, what a
note keeps."""

from __future__ import annotations

import pytest

from echo_notes.ai.drafting import grounded
from echo_notes.ai.drafting.grounded import FEMALE, MALE, addressed_to_patient, content_terms
from echo_notes.ai.drafting.metrics import note_text
from echo_notes.ai.drafting.sources import document_sentences, restore_apostrophes, transcript_sentences


@pytest.mark.parametrize(
    ("asr", "expected"),
    [
        ("im not sure it doesnt help", "i'm not sure it doesn't help"),
        ("so well defer the hearing test", "so we'll defer the hearing test"),
        (
            "ill write to your gp as well and reception will call",
            "i'll write to your gp as well and reception will call",
        ),
        ("i feel ill and i did well in the test", "i feel ill and i did well in the test"),
        ("thats whats called a notch you cant miss it", "that's what's called a notch you can't miss it"),
    ],
)
def test_apostrophes_come_back_only_where_the_word_has_no_other_reading(asr, expected):
    assert restore_apostrophes(asr) == expected


ASR_VISIT = "\n".join(
    [
        "morning come on through",
        "thank you",
        "so whats brought you in today",
        "both my ears have been muffled for weeks and the left one went blocked after a shower",
        "any pain any discharge",
        "no nothing like that just blocked and a bit of a hum",
        "any dizziness",
        "no",
        "right ear is completely blocked with wax and the left is about ninety percent blocked",
        "do i need to stop using cotton buds",
        "yes please they push the wax further in",
    ]
)


def test_a_no_to_the_patients_do_i_need_to_is_advice_too():
    visit = (
        "[patient] Do I need to have the wax taken out?\n"
        "[clinician] No, it's not enough to affect the hearing aid.\n"
    )
    assert grounded.draft(visit, [], None).plan == [
        "Advised there is no need to have the wax taken out. It's not enough to affect the hearing aid."
    ]


def test_untagged_speech_alternates_between_clinician_and_patient():
    speakers = [s.speaker for s in transcript_sentences(ASR_VISIT)]
    assert speakers[:4] == ["clinician", "patient", "clinician", "patient"]
    assert speakers[-2:] == ["patient", "clinician"]


def test_question_and_answer_pairs_become_history_and_advice():
    note = grounded.draft(ASR_VISIT, [], None)
    subjective = " ".join(note.subjective)
    assert "Denies pain, discharge." in subjective
    assert "Denies dizziness." in subjective
    assert "Advised to stop using cotton buds." in note.plan
    assert "Both their ears have been muffled" in subjective  # first person became third person
    assert any("completely blocked with wax" in line for line in note.objective)


def test_a_dictated_section_name_places_what_follows_and_list_numbers_go():
    dictation = (
        "Annual review for a long-standing hearing-aid user who reports no change in her hearing since last "
        "year and wears both aids all day, with no ear pain, drainage, dizziness or new tinnitus, and who "
        "manages the daily care of the aids herself. Otoscopy shows clear canals and intact tympanic "
        "membranes on both sides. Plan: one, repeat the audiogram in 2 weeks. Two, continue bilateral "
        "hearing-aid use every day as before."
    )
    note = grounded.draft(dictation, [], None)
    plan = " ".join(note.plan)
    assert "Repeat the audiogram in 2 weeks." in note.plan
    assert "One," not in plan and "Two," not in plan


def test_a_title_does_not_end_a_sentence():
    sentences = transcript_sentences("[clinician] Dr. Okafor referred you to us. We'll test both ears today.")
    assert [s.text for s in sentences] == ["Dr. Okafor referred you to us.", "We'll test both ears today."]


def test_a_finding_said_twice_is_written_once():
    dictation = (
        "Follow-up for bilateral hearing loss, wearing both aids daily with no new complaints at all today. "
        "Tympanometry type A bilaterally, right peak pressure minus 5 daPa, compliance 0.82 ml; left 0 daPa, "
        "0.79 ml."
    )
    report = (
        "TYMPANOMETRY\nRight Type A, -5 daPa, 0.82 ml, ECV 1.2 ml; Left Type A, 0 daPa, 0.79 ml, ECV 1.3 ml"
    )
    text = note_text(grounded.draft(dictation, [("report.txt", report)], None).sections())
    assert text.count("0.82") == 1


def test_test_instructions_are_not_note_sentences():
    visit = (
        "[clinician] You'll hear some beeps through the headphones, press the button every time you "
        "hear one.\n"
        "[patient] Okay.\n"
        "[clinician] Your hearing test shows a mild loss in both ears, worse in the high pitches."
    )
    text = note_text(grounded.draft(visit, [], None).sections())
    assert "beeps" not in text
    assert "mild loss" in text


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("Dr. Rao sent you for dizziness.", "Dr. Rao sent her for dizziness."),
        (
            "If it keeps recurring, I'd refer you for therapy.",
            "If it keeps recurring, I'd refer her for therapy.",
        ),
        ("You have a mild loss, so you can hear well.", "She has a mild loss, so she can hear well."),
        ("I know you were endorsing fatigue.", "I know she was endorsing fatigue."),
        ("I'll let you know the result.", "I'll let her know the result."),
        (
            "It sounds like you were sleeping badly.",
            "It sounds like she was sleeping badly.",
        ),
    ],
)
def test_you_becomes_subject_or_object_by_its_place(said, written):
    assert addressed_to_patient(said, FEMALE) == written


def test_content_terms_compare_report_and_speech_wording():
    assert content_terms("Tympanometry: R Type A") == {"tympa", "right", "atype"}
    assert "33.3" in content_terms("PTA left 33.3 dB HL")
    # Jerger's types are the finding, and "As" is not the word "as"; kilohertz are hertz; bilateral is
    # both ears.
    assert content_terms("R As (-20 daPa); L B") >= {"astyp", "btype"}
    assert content_terms("Tympanometry: Type As bilaterally") == {"tympa", "astyp", "right", "left"}
    assert content_terms("notch at 3-4 kHz") == content_terms("notch at 3000-4000 Hz")


def test_record_identifiers_leave_a_dictated_sentence_and_a_name_only_line_goes():
    dictation = (
        "Dictation, Dr. <PERSON_1>, <LOCATION_1>. Annual audiological re-evaluation and hearing-aid check "
        "for <PERSON_2>, date of birth <DATE_OF_BIRTH_1>, MRN <MEDICAL_RECORD_NUMBER_1>. She wears bilateral "
        "behind-the-ear hearing aids with custom earmolds all day and reports no change in her hearing since "
        "last year, with no ear pain, drainage or dizziness."
    )
    text = note_text(grounded.draft(dictation, [], None).sections())
    assert "Annual audiological re-evaluation and hearing-aid check." in text
    assert "<DATE_OF_BIRTH_1>" not in text and "<MEDICAL_RECORD_NUMBER_1>" not in text
    assert "<LOCATION_1>" not in text


def test_a_note_without_an_audiogram_still_gets_the_clinicians_assessment():
    visit = (
        "[patient] Both ears have felt blocked and muffled for three weeks.\n"
        "[clinician] Both ear canals are completely blocked with wax and I can't see either eardrum.\n"
        "[clinician] The wax itself causes a hearing loss, so we'll defer the test until it's cleared.\n"
        "[clinician] Use olive oil drops in both ears twice a day for a week, then we'll remove the wax."
    )
    note = grounded.draft(visit, [], None)
    assert note.assessment and "causes a hearing loss" in note.assessment[0]
    assert note.objective and note.plan


def test_a_short_measure_goes_on_with_the_sentence_before_it():
    visit = (
        "[patient] Both ears have felt blocked and muffled for three weeks.\n"
        "[clinician] The right ear is completely blocked with wax. I can't see the eardrum at all and the "
        "left is nearly the same. Maybe 90% blocked.\n"
        "[clinician] The wax itself causes a hearing loss, so we'll defer the test until it's cleared."
    )
    note = grounded.draft(visit, [], None)
    assert "Maybe 90% blocked." in note.objective
    assert note.assessment and "causes a hearing loss" in note.assessment[0]


def test_what_the_clinician_saw_of_both_ears_is_objective():
    visit = (
        "[patient] My hearing has been getting worse in both ears.\n"
        "[clinician] Your ear canals are clear and the eardrums look healthy.\n"
        "[clinician] Your hearing test shows a mild high-frequency hearing loss in both ears."
    )
    note = grounded.draft(visit, [], None)
    assert note.objective == ["Their ear canals are clear and the eardrums look healthy."]


def test_no_response_frequencies_are_rendered_from_the_audiogram():
    from echo_notes.ai.audiology import interpret, parse_report

    rows = [(250, 60, 65), (500, 70, 75), (1000, 85, 90), (2000, 95, 100), (4000, 105, 110)]
    report = "PURE-TONE AUDIOMETRY (dB HL)\nFreq (Hz) | R AC | L AC\n" + "".join(
        f"{hz} | {r} | {left}\n" for hz, r, left in [*rows, (6000, "NR", "NR"), (8000, "NR", "NR")]
    )
    objective, _ = grounded.render_findings(interpret(parse_report(report)))
    assert "No response (NR) at 6000 and 8000 Hz bilaterally at the audiometer's limits." in objective


def test_extended_high_frequencies_and_a_dead_ear_are_rendered_as_measured():
    from echo_notes.ai.audiology import interpret, parse_report

    monitoring = (
        "Frequency (Hz) 250 500 1000 2000 4000 8000 10000 12500 16000\n"
        "Right AC 10 10 5 10 15 20 35 50 NR\nLeft AC 10 5 5 10 10 15 15 20 NR"
    )
    objective, assessment = grounded.render_findings(interpret(parse_report(monitoring)))
    assert objective[1:] == [
        "Extended high-frequency thresholds (dB HL): right 10000 Hz 35, 12500 Hz 50, 16000 Hz NR; "
        "left 10000 Hz 15, 12500 Hz 20, 16000 Hz NR."
    ]
    assert assessment == [
        "Hearing within normal limits to 8000 Hz bilaterally.",
        "Bilateral extended high-frequency hearing loss (above 8000 Hz).",
    ]
    dead = (
        "Frequency (Hz) 250 500 1000 2000 4000 8000\nRight AC NR NR NR NR NR NR\n"
        "Left AC 15 15 10 15 15 20\nRight BC (masked) NR NR NR NR NR -"
    )
    objective, assessment = grounded.render_findings(interpret(parse_report(dead)))
    assert objective[0] == (
        "PTA (500/1000/2000 Hz): right ≥ 120 dB HL (NR counted at the limit), left 13.3 dB HL."
    )
    assert assessment[0] == (
        "Right ear: profound hearing loss; type not determined (no bone-conduction response at the "
        "audiometer's limits)."
    )


def test_a_dictated_pertinent_negative_stays_and_both_ears_is_bilateral():
    visit = (
        "Dictation for a hearing review. Subjective. She reports ringing in both ears since chemotherapy. "
        "No dizziness. Objective. Tympanometry type A both ears. Plan. Repeat monitoring in 3 weeks."
    )
    report = "Tympanometry: R Type A (-10 daPa, 0.7 ml); L Type A (-5 daPa, 0.8 ml)"
    note = grounded.draft(visit, [("report.txt", report)], None)
    assert "No dizziness." in note.subjective
    assert note.objective == [report]  # "type A both ears" says no more than the report's line


def test_a_high_frequency_loss_in_both_ears_without_bone_conduction_is_one_bilateral_statement():
    from echo_notes.ai.audiology import interpret, parse_report

    report = (
        "Frequency (Hz) 250 500 1000 2000 4000 8000\nRight AC 10 10 10 15 20 30\nLeft AC 10 10 15 15 20 35"
    )
    assert grounded.render_findings(interpret(parse_report(report)))[1] == [
        "Bilateral high-frequency hearing loss (PTA within normal limits); type not determined without bone "
        "conduction."
    ]


def test_a_turn_broken_over_two_lines_keeps_its_speaker():
    lines = [
        "so whats brought you in today",
        "my left ear has been ringing for eight months",
        "okay lets have a look in your ears first",
        "ear canals are clear and the eardrums look healthy on both sides",
        "and the pressure test tympanometry is normal in both ears",
        "okay",
        "your hearing test is normal up to three thousand hertz",
        "oh i didnt expect that",
    ]
    by_line = {s.turn: s.speaker for s in transcript_sentences("\n".join(lines))}
    speakers = [by_line[turn] for turn in range(len(lines))]
    clinician, patient = "clinician", "patient"
    assert speakers == [clinician, patient, clinician, clinician, clinician, patient, clinician, patient]


TAGGED_TURNS = [
    ("clinician", "Good morning, what brings you in today?"),
    ("patient", "My hearing has been getting worse in both ears, especially in restaurants."),
    ("clinician", "Any ringing in your ears?"),
    ("patient", "Yes, a high-pitched ringing, mostly at night."),
    ("clinician", "Your ear canals are clear and your hearing test shows a mild loss."),
]


@pytest.mark.parametrize(
    ("clinician", "patient"),
    [
        ("Dr. Patel", "Mrs. Okafor"),
        ("DR. <PERSON_1>", "MRS. <PERSON_2>"),
        ("AUD", "PT"),
        ("Audiologist (AuD)", "Patient"),
        ("Speaker 1", "Speaker 2"),
        ("Speaker 2", "Speaker 1"),  # who spoke first does not decide
        ("<PERSON_3>", "<PERSON_4>"),  # masked first names
        ("Clinician", "Patient's daughter"),  # family speak for the patient's side
    ],
)
def test_speaker_tags_in_the_forms_transcripts_use(clinician, patient):
    tags = {"clinician": clinician, "patient": patient}
    transcript = "\n".join(f"{tags[role]}: {text}" for role, text in TAGGED_TURNS)
    sentences = transcript_sentences(transcript)
    assert [(s.speaker, s.text) for s in sentences] == TAGGED_TURNS


@pytest.mark.parametrize(
    "layout",
    [
        "[00:00:{s:02d}] {tag}: {text}",  # a timestamp before each turn
        "00:{s:02d} {tag}: {text}",
        "{tag} (00:00:{s:02d}): {text}",
        "{tag}\n{text}",  # the speaker on a line of its own
        "{tag}  0:{s:02d}\n{text}",
    ],
)
def test_exported_transcripts_stamps_and_speaker_lines(layout):
    tags = {"clinician": "Speaker 1", "patient": "Speaker 2"}
    transcript = "\n".join(
        layout.format(s=7 * i, tag=tags[role], text=text) for i, (role, text) in enumerate(TAGGED_TURNS)
    )
    assert [(s.speaker, s.text) for s in transcript_sentences(transcript)] == TAGGED_TURNS


def test_a_transcript_in_capitals_reads_as_the_same_visit():
    tags = {"clinician": "DOCTOR", "patient": "PATIENT"}
    shouted = "\n".join(f"{tags[role]}: {text.upper()}" for role, text in TAGGED_TURNS)
    plain = "\n".join(f"{tags[role]}: {text}" for role, text in TAGGED_TURNS)
    assert grounded.draft(shouted, [], None) == grounded.draft(plain, [], None)


def test_a_titled_tag_needs_a_name_not_any_word():
    from echo_notes.ai.drafting.sources import SPEAKER

    assert SPEAKER.match("Dr. Patel: any ringing?") and not SPEAKER.match("doctor said: avoid loud noise")


def test_a_lone_doctor_said_in_untagged_speech_is_no_speaker_line():
    lines = [
        "how are you hearing today",
        "not great doctor",
        "doctor",
        "any ringing in your ears",
        "a little",
    ]
    speakers = [s.speaker for s in transcript_sentences("\n".join(lines))]
    assert speakers[-2:] == ["clinician", "patient"]


def test_a_dialogue_pasted_as_one_paragraph_is_split_at_its_tags():
    tags = {"clinician": "Doctor", "patient": "Patient"}
    transcript = " ".join(f"{tags[role]}: {text}" for role, text in TAGGED_TURNS)
    assert [(s.speaker, s.text) for s in transcript_sentences(transcript)] == TAGGED_TURNS


@pytest.mark.parametrize(
    ("said", "section"),
    [
        ("I've put the receivers in with medium vented domes.", "objective"),
        ("I'm adding a small retention line to the left receiver.", "objective"),
        ("Charge them every night in the case.", "plan"),
        ("If there's any soreness in the ear, call us straight away.", "plan"),
        ("That paper rustling sounds like someone crumpling a bag of chips.", None),
        # Who sent the patient, and why, is the reason for the visit; the clinician's own referral is plan.
        ("Dr. Ogunleye referred Hope because of concerns about her hearing.", "subjective"),
        (
            "Cooper is a new patient who was referred by Diane Nelson for iron deficiency anemia.",
            "subjective",
        ),
        ("Looks like he sent the patient over for a nonhealing foot ulcer.", "subjective"),
        ("Your GP sent us a letter about ringing in your ears.", "subjective"),
        ("Dr. Ahmed asked us to see whether a cochlear implant might help you.", "subjective"),
        ("The next steps are a CT or MRI scan, and a meeting with the surgeon.", "plan"),
        ("I referred her to the ENT clinic for an MRI.", "plan"),
        ("We'll refer her to speech and language therapy.", "plan"),
        ("Your ear canals are clear and the eardrums look healthy.", "objective"),
        (
            "The microphone cover is blocked with debris and there's moisture in the battery door.",
            "objective",
        ),
        # asked of another clinician, the test it names is theirs to order: plan, not a finding
        ("Because it's worse on the left, I'd like your GP to request an MRI to be thorough.", "plan"),
    ],
)
def test_the_clinicians_words_are_placed_by_what_they_do(said, section):
    from echo_notes.ai.drafting.sources import SourceSentence

    sentence = SourceSentence(said, "clinician", 0, 0)
    assert grounded.note_section(sentence, said, grounded.spoken_section(sentence, said)) == section


REPORT = """HEARING AID FITTING SUMMARY
Patient: <PERSON_1>    DOB: <DATE_OF_BIRTH_1>
Devices: Signia Pure Charge&Go 7AX (RIC, rechargeable)
  Right: SN <DEVICE_SERIAL_1>
Follow-up: 3 weeks

BEDSIDE VESTIBULAR (infrared video goggles)
  Head impulse test: normal bilaterally.
Tinnitus Handicap Inventory (THI): 44/100 (moderate handicap)
Treatment: Canalith repositioning (Epley) right x2.
Impression: Right posterior canal BPPV (canalithiasis).
"""


def test_report_lines_keep_their_labels_and_land_by_label_then_block():
    note = grounded.draft(
        "[clinician] We'll see how the aids settle in over the next few weeks.", [("r.txt", REPORT)], None
    )
    assert "Head impulse test: normal bilaterally." in note.objective  # unknown label, vestibular block
    assert "Tinnitus Handicap Inventory (THI): 44/100 (moderate handicap)" in note.objective
    assert "Follow-up: 3 weeks" in note.plan
    assert "Treatment: Canalith repositioning (Epley) right x2." in note.plan
    assert "Right posterior canal BPPV (canalithiasis)." in note.assessment  # section label not repeated
    everything = note_text(note.sections())
    assert "<DEVICE_SERIAL_1>" not in everything and "<DATE_OF_BIRTH_1>" not in everything
    assert "Signia Pure Charge&Go 7AX" not in " ".join(note.assessment)  # the title is no "summary" section


@pytest.mark.parametrize("title", ["", "AUDIOLOGY REPORT\n"])
def test_a_reports_bullets_and_item_numbers_give_way_to_the_notes_own(title):
    report = title + (
        "HISTORY\n• Gradual hearing loss both ears, 5 years\n• No vertigo\n\n"
        "IMPRESSION\n1. Bilateral moderate sensorineural hearing loss.\n2. Normal middle ear function.\n\n"
        "RECOMMENDATIONS\na) Bilateral hearing aid evaluation.\n- Tinnitus counselling as needed."
    )
    note = grounded.draft("[clinician] Let's go over your results.", [("report.txt", report)], None)
    sections = note.sections()
    assert sections["subjective"] == "Gradual hearing loss both ears, 5 years. No vertigo."
    assert (
        sections["assessment"] == "Bilateral moderate sensorineural hearing loss. Normal middle ear function."
    )
    assert sections["plan"] == "- Bilateral hearing aid evaluation.\n- Tinnitus counselling as needed."


def test_an_abbreviation_does_not_end_a_report_sentence():
    from echo_notes.ai.drafting.sources import document_sentences

    line = "Fine-tuning: gain reduced 3 dB above 2000 Hz for comfort (now approx. 3-4 dB below target)."
    assert len(document_sentences("fitting.txt", line)) == 1


def test_an_instruction_is_plan_whatever_it_names():
    from echo_notes.ai.drafting.sources import SourceSentence

    said = "Hold the body of the aid and push the dome into the canal."
    assert grounded.spoken_section(SourceSentence(said, "clinician", 0, 0), said) == "plan"


@pytest.mark.parametrize(
    ("said", "section"),
    [
        ("For the phone, hold it slightly above the ear, near the microphones.", "plan"),
        ("I'd like her to be seen by the ENT team.", "plan"),
        ("Keep using the drops twice a day for a week.", "plan"),
        ("We'll see her again in 3 weeks.", "plan"),
        # a duration in the past is no plan: the record of the fitting is a finding
        ("The datalogging shows she wears them 9.4 hours a day, very good for the first weeks.", "objective"),
    ],
)
def test_what_the_clinician_said_lands_by_what_it_does(said, section):
    from echo_notes.ai.drafting.sources import SourceSentence

    assert grounded.spoken_section(SourceSentence(said, "clinician", 0, 0), said) == section


@pytest.mark.parametrize(
    ("visit", "report", "elsewhere"),
    [
        (
            "[clinician] The pattern is consistent with noise damage, a sensorineural loss.\n"
            "[clinician] I'm going to run the feedback test again with the new domes.",
            "Impression: Bilateral sensorineural hearing loss with a noise notch at 4000 Hz.",
            "feedback test",
        ),
        (
            "Dictation for a hearing review. Subjective. She woke 2 days ago with a muffled right ear. "
            "Assessment. Sudden sensorineural hearing loss in the right ear, which meets criteria for urgent "
            "ENT referral. Plan. Same-day ENT referral.",
            "Impression: Right flat moderately severe sensorineural hearing loss of sudden onset.",
            "muffled right ear",
        ),
    ],
    ids=["spoken explanation", "dictated assessment"],
)
def test_the_reports_impression_is_the_assessment_said_again_it_is_not_repeated(
    visit: str, report: str, elsewhere: str
) -> None:
    note = grounded.draft(visit, [("report.txt", report)], None)
    assert note.assessment == [report.removeprefix("Impression: ")]
    assert any(elsewhere in line for line in note.sections().values())


def test_masked_speech_recognition_text_is_still_read_as_speech():
    masked = ASR_VISIT.replace("morning come on through", "morning <PERSON_1> come on through") + (
        "\nill send a copy to doctor <PERSON_2> and well see you again in three weeks to recheck your ears "
        "once the wax is out and then we will do the full hearing test with the booth and the speech test "
        "and the pressure test as well so keep using the drops twice a day until then and call us if the ear "
        "gets sore or starts to drain"
    )
    sentences = transcript_sentences(masked)
    assert {s.speaker for s in sentences} == {"clinician", "patient"}  # not one long dictation
    assert any(s.text.startswith("i'll send a copy") for s in sentences)


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("I feel lightheaded every once in a while.", "She feels lightheaded every once in a while."),
        ("My husband makes sure I stay on top of it.", "Her husband makes sure she stays on top of it."),
        ("I just watch TV louder.", "She just watches TV louder."),
        ("I always put the phone on my right ear.", "She always put the phone on her right ear."),
        (
            "I haven't had any incidents and I don't smoke.",
            "She hasn't had any incidents and she does not smoke.",
        ),
        ("I don't think so, we aren't sure.", "She does not think so, we aren't sure."),
    ],
)
def test_the_patients_verbs_agree_with_the_third_person(said, written):
    assert grounded.third_person(said, FEMALE) == written


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("You don't have any swelling in your legs.", "He doesn't have any swelling in his legs."),
        ("I know you haven't been taking it on weekends.", "I know he hasn't been taking it on weekends."),
        ("I think you'd benefit from hearing aids.", "I think he would benefit from hearing aids."),
        ("Press the button every time you hear a beep.", "Press the button every time he hears a beep."),
        ("Are you wearing them every day?", "Is he wearing them every day?"),
    ],
)
def test_what_the_clinician_says_to_the_patient_agrees_in_the_third_person(said, written):
    assert addressed_to_patient(said, MALE) == written


def test_a_statement_with_a_question_tag_is_a_statement():
    visit = (
        "[doctor] i want you to weigh yourself daily and call me if you gain weight, okay?\n[patient] sure."
    )
    first = transcript_sentences(visit)[0]
    assert not first.is_question
    assert first.text.endswith("gain weight.")


@pytest.mark.parametrize(
    "said",
    [
        "The charger, the light goes green, that is right?",
        "The charger, the light goes green, is that right?",
    ],
)
def test_is_that_right_asks_and_is_no_tag(said):
    asked = transcript_sentences(f"[patient] {said}")[0]
    assert asked.is_question
    assert asked.text == said


@pytest.mark.parametrize(
    "said",
    [
        "[clinician] So Dr. Whitaker sent you over because your right ear has been blocked, is that right?",
        "so doctor whitaker sent you over because your right ear has been blocked is that right",
    ],
)
def test_the_clinician_confirming_what_they_were_told_states_it(said):
    confirmed = transcript_sentences(said)[0]
    assert not confirmed.is_question
    assert confirmed.text.lower().endswith("your right ear has been blocked.")


def test_a_bare_correct_is_a_tag_unless_it_is_what_is_said():
    assert transcript_sentences("you said this happened yesterday correct")[0].text.endswith("yesterday.")
    said = transcript_sentences("[clinician] the dose you are taking is correct")[0]
    assert said.text == "the dose you are taking is correct"


def test_a_tag_of_several_words_is_a_tag_without_its_question_mark():
    said = transcript_sentences("i'm going to remove it with microsuction today is that alright\nyes please")[
        0
    ]
    assert not said.is_question
    assert said.text.endswith("microsuction today.")
    # a one-word tag could end a statement, so unpunctuated it stays
    assert transcript_sentences("at the lights turn right")[0].text == "at the lights turn right"


@pytest.mark.parametrize(
    ("said", "section"),
    [
        ("I'm going to remove it with microsuction today.", "objective"),  # done in the room
        ("I'd stop using the cotton buds, they push the wax in.", "plan"),
    ],
)
def test_wax_removal_and_ear_care_advice_are_placed_as_a_clinician_would(said, section):
    sentence = transcript_sentences(f"[clinician] {said}")[0]
    assert grounded.spoken_section(sentence, grounded.spoken_text(sentence)) == section
    assert grounded._clinical_words(said)


def test_a_result_read_aloud_from_the_record_is_not_written_again():
    visit = (
        "[clinician] When I made the words loud enough you repeated a hundred percent in the right ear and "
        "84 percent in the left.\n"
        "[patient] That's good to know."
    )
    report = "SPEECH AUDIOMETRY\nWRS: Right 100% at 70 dB HL; Left 84% at 75 dB HL"
    text = note_text(grounded.draft(visit, [("report.txt", report)], None).sections())
    assert text.count("84%") == 1
    assert "repeated" not in text


def test_numbers_the_record_gives_do_not_cover_a_sentence_that_is_no_result():
    visit = "[patient] I play gigs three or four nights a week in a small loud room.\n[clinician] Okay."
    report = "Summary: noise notch at 3-4 kHz, worse on the left."
    text = note_text(grounded.draft(visit, [("report.txt", report)], None).sections())
    assert "nights a week" in text


def test_an_answer_that_says_nothing_without_its_question_is_not_written():
    visit = (
        "[clinician] Have you heard of custom musicians' earplugs for tinnitus?\n"
        "[patient] Yes, I have heard of those.\n"
        "[clinician] Keep wearing the hearing aids every day.\n"
        "[patient] I will do that. My hearing seems fine at home.\n"
    )
    text = note_text(grounded.draft(visit, [], None).sections())
    assert "heard of those" not in text and "will do that" not in text
    assert "hearing seems fine at home" in text


def test_ears_alike_are_one_bilateral_statement_ears_unlike_one_line_each():
    from echo_notes.ai.audiology.model import EarFindings

    def ear(pta: float, degree: str, kind: str) -> EarFindings:
        return EarFindings(
            pta_db=pta,
            pta4_db=None,
            degree=degree,
            who_grade=None,
            loss_type=kind,
            air_bone_gap_db=None,
            tympanometry_type=None,
            tympanometry_source=None,
            srt_db=None,
            wrs_percent=None,
        )

    alike = grounded._hearing_phrases(
        ear(43.3, "moderate", "sensorineural"), ear(46.7, "moderate", "sensorineural")
    )
    assert alike == ["Bilateral moderate sensorineural hearing loss."]
    unlike = grounded._hearing_phrases(ear(20, "normal", "normal"), ear(48.3, "moderate", "sensorineural"))
    assert unlike == [
        "Right ear: hearing within normal limits.",
        "Left ear: moderate sensorineural hearing loss.",
    ]


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("gigs three maybe four nights a week", "Gigs 3 maybe 4 nights a week"),
        ("a hundred percent in the right ear", "100% in the right ear"),
    ],
)
def test_spoken_counts_are_written_as_numbers(said, written):
    assert grounded.clean(said) == written


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("a dip at four thousand hertz", "a dip at 4000 Hz"),
        ("then at three and four thousand hertz", "then at 3000 and 4000 Hz"),
        ("it cost four thousand dollars", "it cost four thousand dollars"),
    ],
)
def test_test_frequencies_said_aloud_are_written_in_hertz(said, written):
    assert grounded.spoken_frequencies(said) == written


def test_a_spoken_count_is_not_mistaken_for_a_dictated_list_number():
    from echo_notes.ai.drafting.sources import SourceSentence

    answer = SourceSentence("Three, I think, and she's had antibiotics twice.", "patient", 0, 0)
    assert grounded.spoken_text(answer, FEMALE).startswith("Three")
    listed = SourceSentence("one, fit bilateral aids.", "dictation", 0, 0)
    assert grounded.spoken_text(listed, FEMALE) == "Fit bilateral aids."


DICTATED_VISIT = (
    "Dictation, Dr. Ada Lowe, Riverside Hearing. Annual review of a 70-year-old man who wears bilateral "
    "hearing aids daily and reports no change in his hearing since last year, with no ear pain, drainage or "
    "dizziness, and he manages the batteries himself with help from his wife when his hands are stiff. He "
    "finds group conversation at the club harder than last year but one-to-one speech and the television "
    "are fine with the aids in, and he has had no ear infections since his last visit.\n\n"
    "Assessment. Stable bilateral sensorineural hearing loss. "
    "Hearing aids functioning within specification.\n\n"
    "Plan. Cleaned both aids and replaced the filters. Review in one year, sooner if his hearing changes."
)


def test_a_dictation_written_a_sentence_per_line_is_still_a_dictation():
    dictation = "\n".join(
        [
            "This is Dr. Amara Lowe dictating a hearing aid follow-up.",
            "Subjective: The patient reports good benefit at home and on the phone.",
            "He finds restaurants still difficult.",
            "Objective: Otoscopy clear bilaterally.",
            "Datalogging shows 11 hours of use per day.",
            "Assessment: Successful bilateral fitting.",
            "Plan: Added a speech-in-noise program.",
            "Review in three months.",
        ]
    )
    note = grounded.draft(dictation, [], None)
    assert note.subjective == [
        "The patient reports good benefit at home and on the phone.",
        "He finds restaurants still difficult.",
    ]
    assert note.objective == ["Otoscopy clear bilaterally.", "Datalogging shows 11 hours of use per day."]
    assert note.assessment == ["Successful bilateral fitting."]
    assert note.plan == ["Added a speech-in-noise program.", "Review in 3 months."]


def test_section_names_dictated_as_sentences_start_their_sections():
    note = grounded.draft(DICTATED_VISIT, [], None)
    assert any("Stable bilateral sensorineural" in s for s in note.assessment)
    assert any("replaced the filters" in s for s in note.plan)
    assert not any("Hearing aids functioning" in s for s in note.subjective)
    assert "Riverside" not in note_text(note.sections())  # the dictation's opening says who speaks


@pytest.mark.parametrize(
    "opening",
    [
        "This is Hannah Price, audiologist, dictating an urgent audiology note.",
        "Audiology consult note, dictated by Celeste Doyle, Au.D., Hollis Park Audiology.",
    ],
)
def test_who_is_dictating_is_not_written(opening):
    note = grounded.draft(opening + " " + DICTATED_VISIT.split(". ", 2)[2], [], None)
    text = note_text(note.sections())
    assert "dictat" not in text.lower()
    # who the patient is and why they came is history, though "annual review" are plan words
    assert any(s.startswith("Annual review of a 70-year-old man") for s in note.subjective)
    assert any(s.startswith("Review in 1 year") for s in note.plan)


def test_an_initial_does_not_end_a_sentence():
    sentences = transcript_sentences("[clinician] Same-day referral to Dr. M. Whitfield at the ENT clinic.")
    assert [s.text for s in sentences] == ["Same-day referral to Dr. M. Whitfield at the ENT clinic."]


def test_a_reports_interpretation_is_assessment_and_its_action_is_plan():
    report = (
        "Interpretation: Right flat moderately severe sensorineural hearing loss of sudden onset.\n"
        "Action: same-day urgent ENT referral (Dr. M. Whitfield) - seen today 15:15."
    )
    note = grounded.draft("[clinician] Let's get you seen today.", [("report.txt", report)], None)
    assert note.assessment == ["Right flat moderately severe sensorineural hearing loss of sudden onset."]
    assert note.plan == ["Same-day urgent ENT referral (Dr. M. Whitfield) - seen today 15:15."]


def _drafted_with_audiogram(rows: list[tuple[int, int, int, int, int]], *lines: str) -> grounded.Draft:
    """A short visit with a report: its audiogram (Hz, R AC, L AC, R BC, L BC) and the report's lines."""
    from echo_notes.ai.audiology import interpret, parse_report

    report = (
        "PURE-TONE AUDIOMETRY (dB HL)\nFreq (Hz) | R AC | L AC | R BC | L BC\n"
        + "".join(" | ".join(map(str, row)) + "\n" for row in rows)
        + "\n".join(lines)
    )
    findings = interpret(parse_report(report))
    return grounded.draft("[clinician] Let's look at the results.", [("report.txt", report)], findings)


def test_the_reports_result_lines_replace_the_computed_ones_and_both_ears_stay_assessed():
    note = _drafted_with_audiogram(
        [(500, 60, 55, 55, 50), (1000, 65, 55, 60, 50), (2000, 65, 50, 60, 45), (4000, 70, 60, 65, 55)],
        "SRT: R 60 dB HL; L 50 dB HL",
        "WRS: R 76% at 90 dB HL; L 80% at 85 dB HL",
        "PTA (500/1000/2000 Hz): R 63 dB HL; L 53 dB HL",
    )
    objective = "\n".join(note.objective)
    assert "WRS: R 76% at 90 dB HL; L 80% at 85 dB HL" in objective
    assert objective.count("76%") == 1 and objective.count("PTA") == 1  # 63 is the computed 63.3
    assert [s.split(":")[0] for s in note.assessment[:2]] == ["Right ear", "Left ear"]


def test_an_audiogram_in_any_layout_is_findings_not_note_lines():
    from echo_notes.ai.audiology import interpret, parse_report

    report = (
        "Hz: 250 500 1k 2k 4k 8k\nR AC: 15 25 30 40 60 70\nL AC: 15 20 30 35 65 75\n"
        "Right: 30 dB at 500 Hz, 35 dB at 1 kHz, 50 dB at 2 kHz (repeat run).\n"
        "Otoscopy: clear canals, intact eardrums."
    )
    note = grounded.draft(
        "[clinician] Let's look at the results.", [("r.txt", report)], interpret(parse_report(report))
    )
    assert note.objective == [
        "PTA (500/1000/2000 Hz): right 31.7 dB HL, left 28.3 dB HL.",
        "Otoscopy: clear canals, intact eardrums.",
    ]
    # Without bone conduction the type is open, and the PTA is said once, in the objective.
    assert note.assessment == ["Bilateral mild hearing loss; type not determined without bone conduction."]


ASYMMETRIC = [(500, 10, 45, 10, 45), (1000, 15, 50, 15, 50), (2000, 10, 55, 10, 55), (4000, 15, 65, 15, 65)]


def test_a_computed_diagnosis_the_report_states_is_not_repeated_but_one_it_lacks_is_kept():
    note = _drafted_with_audiogram(
        ASYMMETRIC,
        "Right ear: 500 Hz tested twice.",
        "Impression: Left moderate sensorineural hearing loss, worse in the high frequencies.",
    )
    assessment = "\n".join(note.assessment)
    # The report's words for the left ear, with "right" and "ear" elsewhere in it, do not cover the
    # computed right-ear line; the report's own left-ear line makes the computed one a repeat.
    assert "Right ear: hearing within normal limits." in note.assessment
    assert "Left ear:" not in assessment
    assert "Left moderate sensorineural hearing loss" in assessment
    assert "consider referral to rule out retrocochlear pathology" in assessment


def test_the_asymmetry_flag_gives_way_to_the_clinicians_record_of_it():
    flagged = _drafted_with_audiogram(ASYMMETRIC)
    assert flagged.assessment[-1] == (
        "Significant interaural asymmetry, left ear worse (≥ 15 dB at two or more adjacent frequencies): "
        "consider referral to rule out retrocochlear pathology."
    )
    referred = _drafted_with_audiogram(
        ASYMMETRIC, "Plan: Refer to ENT for MRI of the internal auditory canals."
    )
    assert referred.assessment[-1] == (
        "Significant interaural asymmetry, left ear worse (≥ 15 dB at two or more adjacent frequencies)."
    )
    named = _drafted_with_audiogram(ASYMMETRIC, "Impression: Asymmetric hearing loss, left worse than right.")
    assert not any(line.startswith("Significant interaural asymmetry") for line in named.assessment)


NOTCHED = [
    (500, 10, 10, 10, 10),
    (1000, 10, 10, 10, 10),
    (2000, 15, 15, 15, 15),
    (3000, 40, 45, 35, 40),
    (4000, 50, 55, 45, 50),
    (6000, 35, 40, 30, 35),
    (8000, 20, 25, 20, 25),
]


def test_a_noise_notch_is_assessed_unless_the_report_names_it():
    note = _drafted_with_audiogram(NOTCHED)
    assert note.assessment == [
        "Bilateral high-frequency sensorineural hearing loss (PTA within normal limits).",
        "Bilateral noise notch at 4000 Hz.",
    ]
    named = _drafted_with_audiogram(NOTCHED, "Impression: Noise notch at 3-4 kHz bilaterally.")
    assert "Noise notch at 3-4 kHz bilaterally." in named.assessment
    assert not any("4000 Hz" in line for line in named.assessment)


def test_the_reports_tympanogram_types_are_named_and_not_repeated_by_the_computed_line():
    stated = _drafted_with_audiogram(
        NOTCHED, "Tympanometry: R As (-20 daPa, 0.18 ml); L As (-35 daPa, 0.21 ml)"
    )
    assert stated.objective[1:] == [
        "Tympanometry: R Type As (-20 daPa, 0.18 ml); L Type As (-35 daPa, 0.21 ml)"
    ]
    unlike = _drafted_with_audiogram(NOTCHED, "Tympanometry: R As (-20 daPa, 0.18 ml); L B (no peak, 0.1 ml)")
    assert "Tympanometry: right Type As, left Type B." not in unlike.objective
    from echo_notes.ai.audiology import interpret, parse_report

    report = (
        "Freq (Hz) | R AC | L AC\n1000 | 10 | 10\nTympanometry: R A (-5 daPa, 0.8 ml); L A (0 daPa, 0.7 ml)"
    )
    assert grounded.render_findings(interpret(parse_report(report)))[0] == [
        "Tympanometry: Type A bilaterally."
    ]


def test_a_phone_number_read_back_is_not_a_finding():
    visit = "\n".join(
        [
            "and is your number still two oh six five five five oh one three one",
            "yes",
            "any numbness in your face",
            "no",
        ]
    )
    text = note_text(grounded.draft(visit, [], None).sections())
    assert "five" not in text and "number" not in text.lower()
    assert "Denies numbness in face." in text


def test_a_duration_answer_is_written_with_its_question():
    visit = "\n".join(
        [
            "[clinician] How long does each spell last?",
            "[patient] Less than a minute.",
            "[clinician] And how long have you had the ringing?",
            "[patient] About six months.",
            "[clinician] How long does it last?",
            "[patient] A while.",
        ]
    )
    subjective = grounded.draft(visit, [], None).subjective
    assert "Each spell lasts less than a minute." in subjective
    assert "The ringing for about 6 months." in subjective
    assert not any(s.startswith("It ") for s in subjective)  # a pronoun would not say what lasts


def test_how_long_that_has_been_going_on_is_the_complaints_duration():
    visit = "\n".join(
        [
            "[patient] At the pub I can't follow the conversation, especially when it's busy.",
            "[clinician] How long has that been going on?",
            "[patient] A couple of years.",
        ]
    )
    subjective = grounded.draft(visit, [], None).subjective
    assert "Duration: a couple of years." in subjective


def test_the_clinician_moving_the_visit_on_is_no_note_sentence():
    visit = (
        "[clinician] Now the hearing test.\n[clinician] Ear canals are clear and the eardrums look normal."
    )
    assert grounded.draft(visit, [], None).objective == ["Ear canals are clear and the eardrums look normal."]
    assert not grounded.TOPIC_ANNOUNCEMENT.match("Now the results look good.")


def test_sent_in_about_the_hearing_is_the_reason_for_the_visit():
    visit = "[clinician] Your GP, Dr. Osei, sent you in about your hearing. What's been happening?"
    assert grounded.draft(visit, [], None).subjective == [
        "Their GP, Dr. Osei, sent the patient in about their hearing."
    ]


def test_the_record_of_a_fitting_is_clinical_vocabulary_for_the_keep_prior():
    assert grounded._clinical_words("The datalogging shows 9.4 hours a day on average.")
    assert not grounded._clinical_words("We went to my granddaughter's party on Saturday.")


@pytest.mark.parametrize(
    "said",
    [
        "Let's look at your prior blood pressure readings.",
        "So let's talk a little bit about my assessment and my plan for you.",
        "Hey, Dragon, show me the chest x-ray.",
        "Hey, Dragon, finalize the note.",
        "Okay, I'll have a look in your ears first.",
        "I'll also check your ears.",
    ],
)
def test_the_clinician_steering_the_visit_is_not_written(said):
    assert grounded.NARRATION.match(grounded.clean(said))


@pytest.mark.parametrize(
    "said",
    [
        "Let's see her again in 3 weeks.",
        "Let's go ahead and order an echocardiogram.",
        "Let's review in a year.",
    ],
)
def test_a_plan_said_with_lets_is_not_narration(said):
    assert not grounded.NARRATION.match(grounded.clean(said))


@pytest.mark.parametrize(
    "said",
    [
        "I'm going to listen to your heart and lungs.",
        "I want to do a quick physical exam.",
        "Okay, I'd like you to lie back so I can examine your abdomen.",
        "Let me look in your ears.",
    ],
)
def test_the_clinician_talking_through_the_examination_is_not_written(said):
    visit = f"[clinician] {said}\n[clinician] Both eardrums are intact and the canals are clear."
    text = note_text(grounded.draft(visit, [], None).sections())
    assert "eardrums are intact" in text
    assert said.split()[-1].rstrip(".") not in text
    assert grounded.NARRATION.match(
        grounded.clean(said)
    )  # dropped as narration, whatever the keep model says


def test_what_the_clinician_says_they_will_do_is_written_as_the_action():
    visit = "\n".join(
        [
            "[clinician] Any ringing in your ears?",
            "[patient] Yes, a hiss in the left ear, I'm going to try a fan at night.",
            "[clinician] I'm going to refer you to the ENT clinic for an MRI of the inner ear canals.",
            "[clinician] Let's see you again in 6 weeks to recheck your hearing.",
        ]
    )
    note = grounded.draft(visit, [], None)
    assert note.plan == [
        "Refer the patient to the ENT clinic for an MRI of the inner ear canals.",
        "See the patient again in 6 weeks to recheck their hearing.",
    ]
    assert note.subjective == ["A hiss in the left ear, the patient is going to try a fan at night."]


def test_a_reports_abbreviation_and_the_spoken_words_are_the_same_content():
    assert content_terms("Bilateral severe SNHL; TMs intact") == content_terms(
        "bilateral severe sensorineural hearing loss, tympanic membranes intact"
    )
    assert content_terms("Phonak Naída BTE") == content_terms("Phonak Naida behind-the-ear")


def test_who_referred_and_who_pays_are_the_records_envelope_not_a_finding():
    report = (
        "Referred by: Aisha Rahimi, MD                 Insurance: Medicare MBI 5TR9-KD2-UX41\n"
        "OTOSCOPY: Right canal clear, TM intact."
    )
    note = grounded.draft("[clinician] Let's look at the results.", [("report.txt", report)], None)
    assert note.objective == ["OTOSCOPY: Right canal clear, TM intact."]


@pytest.mark.parametrize(
    ("said", "neutral", "female"),
    [
        (
            "The patient thought the patient was going deaf.",
            "The patient thought they were going deaf.",
            "The patient thought she was going deaf.",
        ),
        (
            "Refer the patient to the ENT clinic, they'll examine the patient and order the MRI.",
            "Refer the patient to the ENT clinic, they'll examine them and order the MRI.",
            "Refer the patient to the ENT clinic, they'll examine her and order the MRI.",
        ),
        (
            "See the patient in a year and if the patient ever notice a drop, come in.",
            "See the patient in a year and if they ever notice a drop, come in.",
            "See the patient in a year and if she ever notices a drop, come in.",
        ),
        (
            "The patient lost the patient's left aid.",
            "The patient lost their left aid.",
            "The patient lost her left aid.",
        ),
        ("The patient hears well.", "The patient hears well.", "The patient hears well."),
    ],
)
def test_the_patient_is_named_once_a_sentence_then_a_pronoun(said, neutral, female):
    assert grounded.later_mentions(said) == neutral
    assert grounded.later_mentions(said, grounded.FEMALE) == female


def test_the_notes_wording_agrees_verbs_the_keep_models_table_leaves():
    said = "Every time she lie down the room spins, when she move her head."
    assert grounded.agree(said) == said  # the keep model's inputs are as it was fitted on
    assert grounded.agree(said, grounded.NOTE_AGREEMENT) == (
        "Every time she lies down the room spins, when she moves her head."
    )
    # A second verb joined by "or"/"and" agrees too, unless what follows makes it a noun.
    assert (
        grounded.agree("she lie down or roll over", grounded.NOTE_AGREEMENT) == "she lies down or rolls over"
    )
    assert grounded.agree("she feel tired and sleep is poor", grounded.NOTE_AGREEMENT) == (
        "she feels tired and sleep is poor"
    )
    visit = (
        "[clinician] Good morning, Mrs. Quist, come in.\n"
        "[clinician] If you ever get new hearing loss or dizziness in the left ear, call us right away."
    )
    assert grounded.draft(visit, [], None).plan == [
        "If she ever gets new hearing loss or dizziness in the left ear, call us right away."
    ]


@pytest.mark.parametrize(
    "said",
    [
        "[doctor] did you strain your back , did something -",
        "[doctor] is your blood pressure running high at home , or ...",
        "[doctor] have you had any other symptoms , chest pain , nausea or vomiting -",
        "[doctor] did you fall or bump your knee against something or .",
    ],
)
def test_a_question_the_clinician_trails_off_is_not_written(said):
    visit = f"{said}\n[patient] i don't think so , it just started hurting in my lower back ."
    note = grounded.draft(visit, [], None)
    assert note.subjective == ["The patient does not think so, it started hurting in their lower back."]
    assert not (note.objective or note.assessment or note.plan)


def test_a_fixed_width_tables_rows_carry_their_column_names():
    report = (
        "AUDIOLOGICAL EVALUATION REPORT\n"
        "Reliability: good.\n"
        "TYMPANOMETRY (226 Hz probe)\n"
        "Ear     Type   Peak pressure   Compliance   Ear canal volume\n"
        "Right   A      -10 daPa        0.68 ml      1.3 ml\n"
        "\n"
        "PURE-TONE THRESHOLDS (dB HL)\n"
        "Frequency (Hz)   250   500  1000  2000\n"
        "Right AC          15    20    30    40\n"
    )
    texts = [s.text for s in document_sentences("report.txt", report)]
    assert (
        "Tympanometry, right: type A, peak pressure -10 daPa, compliance 0.68 ml, ear canal volume 1.3 ml"
        in texts
    )
    # An audiogram's header is numbers: its rows stay as they are, for the parser and not for prose.
    assert "Right AC          15    20    30    40" in texts


def test_a_question_inside_an_unpunctuated_run_is_not_written():
    visit = "\n".join(
        [
            "[doctor] on a scale of one to ten how severe is the pain in your wrist",
            "[patient] about an eight the pain is severe when i lift my arm",
            "[doctor] then how long has this wrist pain been going on",
        ]
    )
    note = grounded.draft(visit, [], None)
    assert note.subjective == ["About an eight the pain is severe when the patient lifts their arm."]
    assert not note.assessment


@pytest.mark.parametrize(
    ("said", "written"),
    [
        (
            "its their left ear its been about 8 months now",
            "it's their left ear it's been about 8 months now",
        ),
        ("the left dome is working its way out", "the left dome is working its way out"),
        ("hell examine you and order the mri", "he'll examine you and order the mri"),
        ("theyll call you to book", "they'll call you to book"),
    ],
)
def test_the_notes_wording_restores_contractions_the_keep_model_reads_without(said, written):
    from echo_notes.ai.drafting.sources import note_contractions

    assert note_contractions(said) == written
    assert restore_apostrophes(said) == said  # the keep model's inputs are as it was fitted on


def test_episodes_are_clinical_history():
    visit = "[doctor] Any more attacks since the last visit?\n[patient] No."
    assert grounded.draft(visit, [], None).subjective == ["Denies more attacks since the last visit."]


def test_a_result_line_that_opens_like_a_caption_is_kept():
    report = (
        "Tympanometry (226 Hz probe):\n"
        "Tympanometry (226 Hz): R Type B (no peak, ECV 0.6 ml); L Type B (no peak)\n"
        "Thresholds (dB HL), supra-aural TDH-39; BC masked."
    )
    note = grounded.draft("", [("report.txt", report)], None)
    assert note.objective == ["Tympanometry (226 Hz): R Type B (no peak, ECV 0.6 ml); L Type B (no peak)"]


FOLLOW_UP = "\n".join(
    [
        "AUD: How have the first two weeks been with the new aids?",
        "PT: Honestly, mixed. The wind outside is terrible, and my own voice sounds like I'm talking in a "
        "bucket.",
        "AUD: Any soreness in the ears?",
        "PT: A bit on the left after a long day.",
        "AUD: There's a small red area on the left canal where the receiver sits. I'm going to change to "
        "open domes and reduce the low-frequency gain by 3 dB. Come back in four weeks.",
    ]
)


def test_a_short_plain_history_still_makes_the_subjective():
    note = grounded.draft(FOLLOW_UP, [], None)
    assert note.subjective == [
        "The wind outside is terrible, and their own voice sounds like the patient is talking in a bucket.",
        "Reports soreness in the ears, a bit on the left after a long day.",
    ]


def test_it_after_a_symptom_is_the_symptom():
    visit = (
        "[doctor] What brings you in today?\n[patient] It's this ringing in my right ear. It started "
        "about six months ago after a really bad cold, and it's there all the time now."
    )
    assert any(
        line.startswith("It started about 6 months ago")
        for line in grounded.draft(visit, [], None).subjective
    )


def test_why_the_patient_was_sent_is_history_whoever_says_it():
    visit = (
        "Audiologist: Hi, come on in. So this is Leo?\n"
        "Mum: Yes. The GP sent us because his speech is behind, he only has about ten words.\n"
        "Audiologist: Any ear pain?\nMum: No.\nAudiologist: Any discharge?\nMum: No.\n"
        "Audiologist: Okay, let's have a look in his ears."
    )
    assert (
        grounded.draft(visit, [], None)
        .subjective[0]
        .startswith("The GP sent us because his speech is behind")
    )


FOLDED = {
    "a relative's not that I know of": (
        "Any family history of hearing loss?",
        "No, not that I'm aware of.",
        "Denies family history of hearing loss.",
    ),
    "not that we know of": (
        "Any family history of hearing loss?",
        "None that we know of.",
        "Denies family history of hearing loss.",
    ),
    "a yes that says where": (
        "Any soreness?",
        "A bit on the left after a long day.",
        "Reports soreness, a bit on the left after a long day.",
    ),
    "a yes that says when": (
        "Any ringing in your ears?",
        "Yes, mostly at night.",
        "Reports ringing in ears, mostly at night.",
    ),
    "a hedged yes": (
        "Any fullness?",
        "Maybe a little on the right.",
        "Reports fullness, maybe a little on the right.",
    ),
    "a pasted chat's yes": (
        "Any tinnitus?",
        "Yes… mostly at night 😴.",
        "Reports tinnitus, mostly at night.",
    ),
    "medications named": (
        "Are you on any medications?",
        "Just the blood pressure one, amlodipine, and aspirin.",
        "Medications: the blood pressure one, amlodipine, and aspirin.",
    ),
    "medications asked what": (
        "What medications do you take?",
        "Metformin and lisinopril.",
        "Medications: metformin and lisinopril.",
    ),
    "medications as a bare item": ("Medications?", "Metformin.", "Medications: metformin."),
    "no medications": ("Any medications?", "No, nothing.", "No regular medications."),
    "a history question in the past, yes and more": (
        "Did she pass her newborn hearing screen?",
        "Yes, both ears passed in the hospital.",
        "Passed newborn hearing screen (both ears passed in the hospital).",
    ),
    "a history question in the past, no": (
        "Did you notice any change in your hearing?",
        "No.",
        "Did not notice any change in hearing.",
    ),
    "a habit, with when": (
        "Do you use cotton buds?",
        "Yeah, every morning after the shower.",
        "Uses cotton buds (every morning after the shower).",
    ),
    "a habit, no": (
        "Do you wear hearing protection at work?",
        "No.",
        "Does not wear hearing protection at work.",
    ),
    "a habit asked in one word": ("Do you smoke?", "No, never.", "Does not smoke."),
    "one of several denied": ("Any dizziness, ear pain, or fullness?", "No dizziness.", "Denies dizziness."),
    "one of several denied, but another reported": (
        "Any fever or chills?",
        "No, no fever but some chills at night.",
        "Denies fever. Some chills at night.",
    ),
    "a no that names what was asked": (
        "Have you had any chest pain?",
        "No no chest pain.",
        "Denies chest pain.",
    ),
    "a question trailing 'or not really'": (
        "Any chest pain or tightness in your chest or not really?",
        "No, not really.",
        "Denies chest pain or tightness in chest.",
    ),
    "what the symptom does, no": (
        "Does it pulse with your heartbeat?",
        "No no, it's steady, always the same tone.",
        "It does not pulse with their heartbeat. It's steady, always the same tone.",
    ),
    "what the symptom does, yes": (
        "Does the ringing come and go?",
        "Yes, mostly at night.",
        "The ringing comes and goes (mostly at night).",
    ),
    "medicines with their doses": (
        "Any medications?",
        "Just aspirin, 81 milligrams a day, and something for blood pressure, amlodipine.",
        "Medications: aspirin, 81 mg a day, and something for blood pressure, amlodipine.",
    ),
    "a habit, with a long answer": (
        "Do you use any hearing protection?",
        "Sometimes foam plugs, but I hate them, everything sounds muffled and I can't hear the band.",
        "Uses hearing protection: sometimes foam plugs, but the patient hates them, everything sounds "
        "muffled and the patient can't hear the band.",
    ),
    "not really, and more": (
        "Any concerns about her speech?",
        "Not really, she talks a lot.",
        "Denies concerns about her speech. She talks a lot.",
    ),
    "how many": (
        "Any ear infections?",
        "Two this year, the last one in March.",
        "Reports ear infections, two this year, the last one in March.",
    ),
    "a habit's no that goes on": (
        "Do you use the TV streamer we gave you?",
        "No, I never set it up.",
        "Does not use the TV streamer we gave the patient. The patient never set it up.",
    ),
    "a parent asked of the child's habit": (
        "Does he snore at all now?",
        "No, not since the adenoids came out too.",
        "Does not snore at all now. Not since the adenoids came out too.",
    ),
    "a habit's no to two alternatives": (
        "Does she snore or breathe through her mouth at night?",
        "No.",
        "Does not snore or breathe through mouth at night.",
    ),
    "a past no that goes on": (
        "Did she pass her newborn hearing screen?",
        "No, they said the left ear needed a retest.",
        "Did not pass newborn hearing screen. They said the left ear needed a retest.",
    ),
}


@pytest.mark.parametrize(("question", "answer", "folded"), FOLDED.values(), ids=FOLDED.keys())
def test_an_answer_is_folded_with_its_question(question, answer, folded):
    assert grounded.draft(f"[doctor] {question}\n[patient] {answer}", [], None).subjective == [folded]


def test_what_the_clinician_said_that_the_written_record_restates_is_written_once():
    transcript = (
        "[clinician] Your new aids are programmed now. "
        "I've put the receivers in with medium vented domes on both sides.\n"
        "[patient] That sounds much clearer already.\n"
        "[clinician] I watched your eyes with the goggles. No nystagmus on the left.\n"
    )
    summary = (
        "FITTING SUMMARY\nDomes: vented, medium (R and L), receivers size S\nSpontaneous nystagmus: none"
    )
    objective = grounded.draft(transcript, [("fitting.txt", summary)], None).objective
    assert "Domes: vented, medium (R and L), receivers size S" in objective
    assert not any("vented domes" in line for line in objective)  # said again in other words
    # an ear the record's line does not name is a finding of its own
    assert "No nystagmus on the left." in objective


def test_the_clinicians_lay_name_for_a_finding_is_the_reports_name():
    transcript = (
        "[clinician] Let me look in your ears. Right ear canal is clear and the eardrum looks healthy.\n"
        "[patient] Good to know.\n"
        "[clinician] In the left ear there's a little bit of wax, but it isn't blocking anything.\n"
    )
    report = "AUDIOLOGY REPORT\nOTOSCOPY: Right canal clear, TM intact."
    objective = grounded.draft(transcript, [("report.txt", report)], None).objective
    assert "OTOSCOPY: Right canal clear, TM intact." in objective
    assert not any("eardrum" in line for line in objective)  # the TM is the eardrum
    assert any("wax" in line for line in objective)  # the left ear is the clinician's finding alone


@pytest.mark.parametrize(
    "said",
    [
        "I play drums in a band.",
        "No hunting or shooting.",
        "He wears earbuds on the train.",
        "That's the occlusion effect.",
        "At the pub I can't follow the conversation.",
        "Let's see you again in four weeks.",
        "I'll also send a report to Dr. Osei.",
        "Keep them out of the rain, and put them in the dry box overnight once a week.",
        "If it cuts out again, we'll send it to the manufacturer for repair and give her a loaner.",
    ],
)
def test_noise_exposure_and_fitting_complaints_are_clinical_vocabulary(said):
    assert grounded._clinical_words(said)


def test_an_answer_to_either_or_reports_only_what_it_says():
    visit = "[clinician] Any soreness or whistling?\n[patient] The right one whistles when I put my hat on."
    subjective = grounded.draft(visit, [], None).subjective
    assert not any("soreness" in line for line in subjective)
    yes = "[clinician] Any soreness or whistling?\n[patient] Yes, a bit on the left."
    assert grounded.draft(yes, [], None).subjective == ["Reports soreness or whistling, a bit on the left."]


def test_a_folded_answer_names_the_patient_as_the_visit_does():
    visit = (
        "[clinician] Good morning, Mrs. Alvarez. Any soreness?\n"
        "[patient] A bit on the left when I wear my glasses."
    )
    assert grounded.draft(visit, [], None).subjective == [
        "Reports soreness, a bit on the left when she wears her glasses."
    ]


def test_a_childs_hearing_test_is_recorded_by_its_findings_not_its_instructions():
    visit = (
        "[clinician] Let's have a look in her ears first. Both eardrums look dull and a bit retracted.\n"
        "[clinician] <PERSON_1>, you'll feel a little push in your ear, like a balloon.\n"
        "[clinician] Put a block in the bucket every time you hear the beep.\n"
        "[parent] She snores quite a bit at night.\n"
    )
    note = grounded.draft(visit, [], None)
    assert note.objective == ["Both eardrums look dull and a bit retracted."]
    assert not note.assessment and not note.plan  # how the test is done, not what it found
    assert note.subjective == ["She snores quite a bit at night."]


def test_a_companions_i_is_the_companion_and_their_relatives_are_the_patients():
    visit = (
        "[clinician] Hi, come on in. You must be Lily?\n"
        "[parent] Yes, and I'm her mum. I think she's had three ear infections since October.\n"
        "[clinician] Any hearing problems in the family?\n"
        "[parent] My husband had grommets when he was little.\n"
        "[clinician] Because of the speech sounds you mentioned, I'd like to refer her to speech therapy.\n"
        "[parent] Okay, thank you.\n"
        "[clinician] I'll write to your GP today with the results and the referral, and copy you in.\n"
        "[parent] Great.\n"
    )
    note = note_text(grounded.draft(visit, [], None).sections())
    # "your GP" said to the parent is the child's: only "you" is the parent.
    assert (
        "I'll write to their GP today with the results and the referral, and copy the patient's mother in."
        in note
    )
    # The mother said "I think", not the child; the mother's husband is the child's father; the
    # clinician's "you" is the parent they answer.
    assert "The patient's mother thinks she's had three ear infections since October." in note
    assert "The patient's father had grommets when he was little." in note
    assert "the speech sounds the patient's mother mentioned" in note


def test_a_spouses_words_name_the_patient_and_a_family_tag_is_a_voice_of_its_own():
    visit = (
        "[clinician] Good morning Mr. Jones.\n"
        "[wife] My husband never hears me from the kitchen, I have to repeat everything.\n"
    )
    assert grounded.draft(visit, [], None).subjective == [
        "The patient never hears his wife from the kitchen, his wife has to repeat everything."
    ]
    family = transcript_sentences("Doctor: How is the hearing?\nPatient's family: I think he can't hear it.")
    assert [(s.speaker, s.voice, s.text) for s in family][1] == (
        "patient",
        "family member",
        "I think he can't hear it.",
    )


def test_where_the_patient_answers_too_the_clinicians_you_stays_the_patient():
    visit = (
        "[clinician] Good morning Mr. Jones. Do you have trouble on the phone?\n"
        "[patient] Yes, I can't follow calls at all anymore.\n"
        "[wife] He turns the TV right up.\n"
        "[clinician] Your hearing test shows a moderate loss in both ears, so I'd recommend hearing aids.\n"
        "[patient] Okay.\n"
        "[clinician] I'll refer you to ENT because of the ringing.\n"
        "[wife] Good, thank you.\n"
    )
    note = note_text(grounded.draft(visit, [], None).sections())
    assert "His hearing test shows a moderate loss" in note
    assert "I'll refer him to ENT because of the ringing." in note  # the patient spoke before it


def test_a_companions_answers_are_theirs_to_report():
    visit = (
        "[clinician] What brings you in today?\n"
        "[parent] I'm her mum. She doesn't answer when she's called, and she turns the tablet right up.\n"
        "[clinician] Any ear infections?\n"
        "[parent] Two this year, the last one in February.\n"
        "[clinician] Any concerns about her speech?\n"
        "[parent] No.\n"
    )
    assert grounded.draft(visit, [], None).subjective == [
        "The patient's mother reports ear infections, two this year, the last one in February.",
        "The patient's mother denies concerns about her speech.",
    ]


def test_a_records_follow_up_the_clinician_changed_is_not_written_beside_theirs():
    visit = "[clinician] Let's see you again in 4 weeks to check the ear and the datalogging.\n"
    plan = grounded.draft(visit, [("fitting_record.txt", "Follow-up: 6 weeks")], None).plan
    assert plan == ["See the patient again in 4 weeks to check the ear and the datalogging."]
    # The record's own line stays where it says the same.
    agreeing = grounded.draft(visit, [("fitting_record.txt", "Follow-up: 4 weeks")], None).plan
    assert "Follow-up: 4 weeks" in agreeing


def test_what_an_announced_check_found_is_a_finding_named_by_what_was_checked():
    visit = (
        "[clinician] Good afternoon Mr. Haddad. How are the hearing aids going?\n"
        "[patient] Fine, mostly. I wear them most days.\n"
        "[clinician] Let me check the datalogging. It shows about four hours a day on average, so it is on "
        "the low side.\n"
    )
    # The announcement is not written; its result is, as the record it reads.
    record = "Diagnosis: bilateral moderate sensorineural hearing loss"
    note = grounded.draft(visit, [("fitting_record.txt", record)], None)
    assert "The datalogging shows about 4 hours a day on average, so it is on the low side." in note.objective


def test_a_placeholder_the_masker_made_of_a_word_is_no_name_called():
    # The masker took "We'll" for a name; only "<name>," calls someone.
    visit = (
        "[mother] So his hearing is fine now?\n"
        "[clinician] <PERSON_2> see <PERSON_1> again in 6 months, or sooner if you notice his hearing drop.\n"
        "[mother] Thank you.\n"
    )
    sentences = transcript_sentences(visit)
    assert grounded._companions_addressed(sentences) == {1: "mother"}
    called = transcript_sentences(visit.replace("<PERSON_2> see", "<PERSON_1>, you'll see"))
    assert grounded._companions_addressed(called) == {}


def test_a_yes_to_a_habit_question_with_alternatives_stands_as_said():
    visit = (
        "[clinician] Does she snore or breathe through her mouth at night?\n"
        "[parent] Yes, she snores quite a bit.\n"
    )
    assert grounded.draft(visit, [], None).subjective == ["She snores quite a bit."]


def test_a_service_the_clinician_books_is_plan_however_casually_said():
    visit = "\n".join(
        [
            "Speaker 1: Your questionnaire score was 48, which is a moderate handicap.",
            "Speaker 2: What can I do about it?",
            "Speaker 1: I'll also give you information on sound therapy and sleep hygiene, and we'll book a "
            "session of tinnitus counselling.",
            "Speaker 2: Okay.",
            "Speaker 1: We'll book the fitting for two weeks from now.",
        ]
    )
    plan = grounded.draft(visit, [], None).plan
    assert any("tinnitus counselling" in line for line in plan)


def test_a_second_item_denied_in_a_sentence_of_its_own_is_a_denial():
    visit = "[clinician] Any ringing or dizziness?\n[patient] Ringing in both ears, always. No dizziness.\n"
    subjective = grounded.draft(visit, [], None).subjective
    assert subjective == ["Ringing in both ears, always.", "Denies dizziness."]


def test_a_reports_impression_that_names_the_type_stands_for_the_table_without_bone_conduction():
    from echo_notes.ai.audiology import interpret, parse_report

    report = (
        "Frequency (Hz)   250  500  1000  2000  3000  4000\n"
        "Right AC          60   70    80    85    90    95\n"
        "Left AC           75   90   100   105   110    NR\n"
        "Impression: severe-to-profound SNHL right, profound SNHL left; meets criteria for cochlear "
        "implantation."
    )
    note = grounded.draft(
        "[clinician] Here are the results.", [("ci.txt", report)], interpret(parse_report(report))
    )
    assessment = " ".join(note.assessment)
    assert "type not determined" not in assessment  # the table alone leaves it open; the report names it
    assert "Severe-to-profound SNHL right, profound SNHL left" in assessment


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # an examination manoeuvre, answered in the recogniser's words: no history to fold
        ("So when I press here on that top part of your stomach, does it hurt?", "No I did that hurts."),
        ("Does it hurt?", "No I did that hurts."),
        # a medicines question answered with no list
        ("Are you taking your medications or missing some doses?", "I don't know, I might miss one now."),
    ],
)
def test_an_answer_that_is_no_history_item_is_not_folded(question, answer):
    assert grounded._fold_answers(transcript_sentences(f"[doctor] {question}\n[patient] {answer}")) == {}


def _left_out(visit: str) -> list[str]:
    sentences = transcript_sentences(visit)
    flagged = grounded._replies_for_no_note(sentences)
    return [s.text for s in sentences if s.index in flagged]


def test_a_reply_to_a_check_of_who_the_patient_is_belongs_to_the_record_not_the_history():
    visit = (
        "[clinician] Before we start, let me confirm I have the right chart: Walter Briggs, date of birth "
        "March 3rd, 1948?\n"
        "[patient] That's me. Only my wife calls me Walter, and only when I'm in trouble.\n"
        "[clinician] And the best number is still the one ending 0146?\n"
        "[patient] Yes, the house phone.\n"
        "[clinician] What brings you in today?\n"
        "[patient] My hearing has been getting worse, mostly in restaurants.\n"
    )
    assert _left_out(visit) == [
        "That's me.",
        "Only my wife calls me Walter, and only when I'm in trouble.",
        "Yes, the house phone.",
    ]


def test_a_few_words_echoing_the_clinician_acknowledge_it_but_echoing_a_question_answers_it():
    visit = (
        "[clinician] The first week you'll notice things like the fridge humming and the turn signal in "
        "the car. Let me recap: charge them every night, wipe them every night, wear them all day.\n"
        "[patient] The turn signal. Charge, wipe, wear. Got it.\n"
        "[clinician] Do you hear ringing in your ears?\n"
        "[patient] Ringing in my ears, yes.\n"
    )
    assert _left_out(visit) == ["The turn signal.", "Charge, wipe, wear."]


def test_a_reply_to_an_identity_check_that_goes_on_to_the_complaint_stays():
    visit = (
        "[clinician] Can you confirm your date of birth for me?\n"
        "[patient] March 3rd, 1948. And I'm here because the ringing in my left ear has got worse.\n"
        "[clinician] Just to confirm, the ringing is only in the left ear?\n"
        "[patient] Yes, only the left.\n"
    )
    assert _left_out(visit) == ["March 3rd, 1948."]


def test_a_test_announced_and_done_in_the_visit_is_not_left_in_the_plan():
    def line(section: str, text: str, speaker: str = "clinician") -> grounded._Candidate:
        return grounded._Candidate(0, section, text, speaker, (2, 0.0))

    result = line(
        "objective", "Tympanometry: R Type A (-10 daPa, 0.70 ml); L Type A (-5 daPa, 0.75 ml)", "document"
    )
    today = line("plan", "I'll do a quick pressure test as well.")
    later = line("plan", "We'll repeat the pressure test in 6 weeks.")
    untested = line("plan", "I'd like a baseline hearing test before the balance part.")
    kept = grounded._without_tests_done_today([result, today, later, untested])
    # No audiogram in this note: the hearing test announced is not known to be done, so it stays.
    assert [c.text for c in kept] == [result.text, later.text, untested.text]


def test_who_in_the_family_answers_the_family_history_question_and_names_the_she_that_follows():
    visit = (
        "[clinician] Is it Mrs. Okafor? What brings you in?\n"
        "[patient] My hearing, mostly in restaurants.\n"
        "[clinician] Anyone in the family with hearing loss?\n"
        "[patient] My mother. She wore hearing aids from her sixties onwards, and she hated them.\n"
        "[clinician] Any family history of ear surgery?\n"
        "[patient] Yes, my dad and his brother.\n"
    )
    subjective = grounded.draft(visit, [], None).subjective
    assert "Family history of hearing loss: mother." in subjective
    # The patient is "she" too: the hearing aids are the mother's, not hers.
    assert "Her mother wore hearing aids from her sixties onwards, and she hated them." in subjective
    assert "Family history of ear surgery: dad and his brother." in subjective


def test_a_no_with_just_one_exception_says_only():
    visit = (
        "[clinician] Any other health conditions? Diabetes, kidney problems?\n"
        "[patient] No, just the blood pressure, and that's well controlled.\n"
    )
    assert grounded.draft(visit, [], None).subjective == [
        "Denies diabetes, kidney problems. Only the blood pressure, and that's well controlled."
    ]


def test_a_no_taken_back_is_not_written_as_a_denial():
    visit = (
        "[clinician] Is there any family history of hearing loss that you know of?\n"
        "[patient] Not that I can think of. Well, actually, my sister has worn hearing aids for years.\n"
        "[clinician] Any dizziness?\n"
        "[patient] No. Actually, sometimes when I stand up quickly I feel dizzy.\n"
    )
    subjective = " ".join(grounded.draft(visit, [], None).subjective)
    assert "Denies" not in subjective
    assert "Their sister has worn hearing aids for years." in subjective
