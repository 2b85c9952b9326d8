"""Words that must never be masked (clinical content) and words that are never names.

Masking "Phonak" or "Type A" would blank out exactly what the note is about; device brands, test names and
audiology terms are not identifiers.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

CLINICAL_TERMS = frozenset(
    w.lower()
    for w in """
    phonak oticon signia starkey resound widex unitron bernafon rexton hansaton philips sonova demant gn
    cochlear med-el medel advanced bionics nucleus kanso osia baha ponto sennheiser audeo lumity paradise
    marvel naida sky bolero virto intent real more own zircon genesis evolv livio omnia nexia one quattro
    moxi insio pure styletto silk ax ix charge&go nx audibel rechargeable ric bte ite itc cic iic cros
    bicros domes dome receiver receivers earmold earmolds myphonak app bluetooth iphone android audioscan
    verifit affinity interacoustics grason-stadler gsi titan madsen otometrics type a as ad b c jerger
    tympanometry tympanogram tympanograms otoscopy audiogram audiometry audiologist audiology oae oaes dpoae
    dpoaes teoae abr assr vng vhit ecochg reflexes reflex nu-6 nu6 azbio cnc quicksin hint bkb-sin wrs srt
    pta sds mcl ucl ldl thi tfi hhie hhia cosi ssq nal-nl2 nal nl2 dsl dsl5 dsl-v5 rem real-ear epley semont
    dix-hallpike dix hallpike bppv meniere meniere's ménière ménière's tinnitus hyperacusis otitis media
    externa cerumen vertigo presbycusis otosclerosis sensorineural conductive mixed bilateral unilateral
    right left ear ears hz khz db hl spl daPa ml mri ct ent gp pcp md aud au.d. mauda phd rn np pa do dr
    doctor audiologist clinician patient parent medicare medicaid nhs ohip msi aetna cigna humana kaiser
    bupa medibank er-15 er-25 autosense stereozoom speech-in-noise weber rinne ac bc l r p1 p2 p3 p4 freq
    frequency frequencies tel fax universal naída wax cerumen dragon nuance test tests testing echo
    """.split()
)

COMMON_WORDS = frozenset(
    {w.lower() for w in STOP_WORDS}
    | set(
        """
    yes yeah yep no nope okay ok right sure fine good great lovely perfect cool sweet thanks thank please
    sorry well so um uh er erm oh ah hi hey hello morning afternoon evening bye come coming going gonna got
    get getting here there just just really very quite pretty bit little lot today tomorrow yesterday now
    then doing done okay alright all right sounds sound hear hearing ear ears hard better worse worried glad
    happy sorry afraid not also still only actually basically honestly ready fine one two three four five
    six seven eight nine ten dear mum mom dad sir madam love mate buddy folks everyone everybody guys
    calling called talking speaking looking seeing checking asking trying wondering thinking name number
    phone email date birth address doctor nurse patient like tell told sent steady quiet annoying saying
    bothering cleared grab whats what's hat studio shell permanent recommending max mummy mommy mister
    referrer referral tel anyway basically literally definitely probably maybe kind sort stuff thing things
    gon na gonna wanna gotta kinda sorta i'm im i've ive i'll ill i'd that's thats it's its we're were
    you're youre they're theyre there's theres what's let's lets don't dont can't cant won't wont didn't
    didnt know knew doc dr mr mrs ms miss mister sir hep super inside outside based looks important
    interesting wan soon season numbers man men woman lady guy spring winter summer fall brain chin tiny sun
    carry hang drew sunday monday tuesday wednesday thursday friday saturday weekend
    nah hm hmm mhm uhm mm lemme let we'll you'll they'll
    """.split()
    )
)

_AUDIOGRAM_LABEL = re.compile(r"(?:r|l|right|left)-?(?:ac|bc)|(?:ac|bc)-?(?:r|l|right|left)")
"""An audiogram table's column names ("R-AC", "BC-L"): a header the name recogniser can take for a person."""
_CLINICAL_SHAPES = re.compile(
    r"(?i)^(?:\d+(?:\.\d+)?\s*(?:hz|khz|db|db\s*hl|%|ml|dapa|years?)|type\s+(?:a|as|ad|b|c)|"
    r"[a-z]{2,4}-?\d{1,2})$"
)


COUNTRIES_AND_STATES = frozenset(
    """
    usa us america canada mexico uk england scotland wales ireland australia new zealand india china japan
    germany france spain portugal italy greece sweden norway denmark finland iceland netherlands belgium
    poland nigeria kenya ghana morocco egypt brazil argentina philippines vietnam korea alabama alaska
    arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana
    iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
    montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia
    washington wisconsin wyoming
    """.split()
)
"""Countries and US states standing alone are not identifiers (HIPAA Safe Harbor keeps states)."""
_DRUG_STEMS = re.compile(
    r"(?i)^[a-z]+(?:pril|sartan|olol|statin|cillin|mycin|floxacin|azole|prazole|tidine|gliptin|formin|semide|"
    r"thiazide|azepam|azolam|oxetine|triptan|vir|mab|dipine|afil|lukast|pramine)$"
)
"""USAN stems: a single word with a drug-class ending is a medication, not a person."""


def is_protected_term(text: str, entity_type: str) -> bool:
    """True when a finding is clinical vocabulary rather than an identifier."""
    value = text.strip(" ,.;:()'\"").lower()
    if not value or (_CLINICAL_SHAPES.match(value) and entity_type not in {"DEVICE_SERIAL", "INSURANCE_ID"}):
        return True
    if entity_type in {"PERSON", "LOCATION"}:
        if entity_type == "LOCATION" and all(t in COUNTRIES_AND_STATES for t in value.split()):
            return True
        if entity_type == "PERSON" and _DRUG_STEMS.match(value):
            return True
        tokens = [t for t in re.split(r"[\s,/|]+", value) if t]
        return all(
            t in CLINICAL_TERMS
            or t in COMMON_WORDS
            or re.fullmatch(r"[\d.%~<>]+\w{0,2}", t)
            or _AUDIOGRAM_LABEL.fullmatch(t)
            for t in tokens
        )
    return False
