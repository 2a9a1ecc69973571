"""A seeded, labelled set for matching: known residents and signals without BSN about them.

The population lives in households at addresses. Some households hold what makes matching hard:
couples and families sharing one family name, a father and son with the same initial, twins
(same surname, address and birth date with other initials, or born either side of midnight),
married women known by a double name. About 80% of the population is known; the rest appears
only in signals, often at an address where a relative is known (the hard negatives).

Signals copy a resident as a creditor's administration would have them, with noise: a typo in
the surname, diacritics dropped, the prefix written another way or left out, `ij` written `y`,
initials shortened, written out or missing, one part of a double name, a birth-date slip. The
rates are constants below; `bewoner_id` is the truth (None: the resident is not known).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

SEED = 20261128

_ACHTERNAMEN = (
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer"
    "|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits"
    "|de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel"
    "|van der Veen|van den Broek|de Bruijn|de Bruin|van der Heijden|Schouten|van Beek|Willems"
    "|van Vliet|van de Ven|Hoekstra|Maas|Verhoeven|Koster|van Dam|van der Wal|Prins|Blom"
    "|Huisman|Peeters|de Jonge|Kuipers|van Veen|Post|Kuiper|Veenstra|Kramer|van den Brink"
    "|Scholten|van Wijk|Postma|Martens|Vink|de Ruiter|Timmermans|Groen|Gerritsen|Jonker"
    "|van Loon|Boer|van der Velde|Willemsen|Smeets|de Lange|de Vos|Bosch|van Dongen|Schipper"
    "|de Koning|van der Laan|Koning|van der Velden|Driessen|van Doorn|Hermans|Evers"
    "|van den Bosch|van der Meulen|Hofman|Bosman|Wolters|Sanders|van der Horst|Mol|Kuijpers"
    "|Molenaar|van de Pol|de Leeuw|Verbeek|Rijnders|IJzerman|Bijl|van Rijn|Wijnands|Reijnders"
    "|Kleijn|Stijnen|van 't Hof|ter Horst|ten Brink|in 't Veld|Yılmaz|Çelik|Şahin|Öztürk"
    "|Doğan|Kaya|Müller|Schröder|Gonçalves|Peña|Nguyễn|Wójcik|Kowalski|Lévesque|Bouâzza"
    "|El Amrani|Ramdin|Soekhoe|Ramautar|Mohan|Bennani|Ait Taleb|Pinas|Sardjoe|Oosterwijk"
    "|Ünal|Aydın|Özdemir|Rodrigues|Søndergaard|Ødegaard|Hoëlle|Zoë|Kamphuis|van Bergen"
    "|van den Hoek|Hoogeveen|Zwart|de Wilde|Bruijnzeel|van IJzendoorn|Tijssen|Pijl|Rijpma"
)
ACHTERNAMEN = tuple(_ACHTERNAMEN.split("|"))
# Common names are much more common (a Zipf-like share), so unrelated residents share names.
CUM_GEWICHTEN = list(accumulate(1 / (i + 1) ** 0.7 for i in range(len(ACHTERNAMEN))))
_VOORNAMEN = (
    "Anna|Bram|Cor|Daan|Emma|Fleur|Gert|Hanna|Ingrid|Jan|Kees|Lisa|Maria|Noah|Olga|Piet|Quinten"
    "|Rosa|Sanne|Thijs|Ursula|Vera|Willem|Xander|Yara|Zeynep"
)
VOORNAMEN = tuple(_VOORNAMEN.split("|"))

# Noise in signals (probabilities per signal).
P_TYPO = 0.10
P_TWEE_TYPOS = 0.01
P_ZONDER_ACCENTEN = 0.5  # of names with diacritics
P_TUSSENVOEGSEL_ANDERS = 0.35  # of names with a prefix
P_IJ_ALS_Y = 0.3  # of names with ij
P_HOOFDLETTERS = 0.08
P_VOORLETTERS_ANDERS = 0.2
P_ZONDER_VOORLETTERS = 0.03
P_DATUM_SLIP = 0.01
P_DEEL_DUBBELE_NAAM = 0.4  # of double names

P_BEKEND = 0.8  # share of the population that is known


@dataclass(frozen=True)
class Adres:
    postcode: str
    huisnummer: int
    toevoeging: str  # house letter and addition as one normalised text, "" when none
    sleutel: str  # the blocking key, as shared.types.adres_sleutel makes it


@dataclass(frozen=True)
class Inwoner:
    """One resident as the municipality knows them (the truth)."""

    id: int
    adres: Adres
    achternaam: str
    voorletters: str
    geboortedatum: date


@dataclass(frozen=True)
class Signaal:
    """One signal without BSN, as a creditor sends it; `bewoner_id` is the truth."""

    id: int
    adres: Adres
    achternaam: str
    voorletters: str
    geboortedatum: date
    bewoner_id: int | None
    over: int  # the population id of whom it is about (known or not)
    ruis: tuple[str, ...]  # the noise applied and the kind of household, for the report


@dataclass
class Set:
    bewoners: list[Inwoner]
    signalen: list[Signaal]
    soorten: dict[str, int] = field(default_factory=dict)  # household kinds, for the report

    @property
    def echte_paren(self) -> set[tuple[int, int]]:
        return {(s.id, s.bewoner_id) for s in self.signalen if s.bewoner_id is not None}


def _voorletters(rng: random.Random, eerste: str | None = None) -> str:
    letters = [eerste or rng.choice(VOORNAMEN)[0]]
    letters += [rng.choice(VOORNAMEN)[0] for _ in range(rng.choice((0, 0, 1, 1, 2)))]
    return "".join(f"{c}." for c in letters)


def _geboren(rng: random.Random, van: int, tot: int) -> date:
    return date(van, 1, 1) + timedelta(days=rng.randrange((date(tot, 1, 1) - date(van, 1, 1)).days))


class _Populatie:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.mensen: list[Inwoner] = []
        self.adressen: set[str] = set()
        self.soorten: dict[str, int] = {}
        self.soort_van: list[str] = []
        self.soort = ""

    def naam(self) -> str:
        return self.rng.choices(ACHTERNAMEN, cum_weights=CUM_GEWICHTEN)[0]

    def adres(self) -> Adres:
        rng = self.rng
        while True:
            postcode = f"{rng.randrange(1000, 10_000)}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}" + (
                rng.choice("ABCDEFGHJKLMNPRSTVWXZ")
            )
            toevoeging = ""
            if rng.random() < 0.15:
                toevoeging = rng.choice(("A", "B", "-1", "-2", "-3", "-H", "-BIS"))
            huisnummer = rng.randrange(1, 300)
            adres = Adres(postcode, huisnummer, toevoeging, f"{postcode} {huisnummer}{toevoeging}")
            if adres.sleutel not in self.adressen:
                self.adressen.add(adres.sleutel)
                return adres

    def voeg_toe(self, adres: Adres, achternaam: str, voorletters: str, geboren: date) -> None:
        self.mensen.append(Inwoner(len(self.mensen), adres, achternaam, voorletters, geboren))
        self.soort_van.append(self.soort)

    def huishouden(self) -> None:
        rng = self.rng
        adres = self.adres()
        soort = rng.choices(
            ("alleen", "stel", "gezin", "tweeling", "vader-zoon"), (38, 26, 28, 4, 4)
        )[0]
        self.soorten[soort] = self.soorten.get(soort, 0) + 1
        self.soort = soort
        naam = self.naam()
        ouder = _geboren(rng, 1940, 1990)
        self.voeg_toe(adres, naam, _voorletters(rng), ouder)
        if soort == "alleen":
            return
        partnernaam = naam if rng.random() < 0.4 else self.naam()
        if partnernaam != naam and rng.random() < 0.3:
            partnernaam = f"{naam}-{partnernaam}"  # married name first
        self.voeg_toe(
            adres, partnernaam, _voorletters(rng), ouder + timedelta(rng.randrange(-3000, 3000))
        )
        if soort == "stel":
            return

        def kind() -> date:
            return _geboren(rng, min(ouder.year + 20, 2006), min(ouder.year + 42, 2008))

        if soort == "vader-zoon":
            # Junior: the father's surname and first initial, another birth date.
            eerste = self.mensen[-2].voorletters[0]
            self.voeg_toe(adres, naam, _voorletters(rng, eerste), kind())
            return
        if soort == "tweeling":
            geboren = kind()
            a = _voorletters(rng)
            if rng.random() < 0.7:
                b = _voorletters(rng, rng.choice([v[0] for v in VOORNAMEN if v[0] != a[0]]))
                tweede = geboren
            elif rng.random() < 0.5:
                # The same first initial, another second one ("J.P." and "J.M.").
                tweede_a, tweede_b = rng.sample(sorted({v[0] for v in VOORNAMEN}), 2)
                a, b = f"{a[0]}.{tweede_a}.", f"{a[0]}.{tweede_b}."
                tweede = geboren
            else:
                b, tweede = _voorletters(rng, a[0]), geboren + timedelta(days=1)  # midnight
            self.voeg_toe(adres, naam, a, geboren)
            self.voeg_toe(adres, naam, b, tweede)
            return
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            self.voeg_toe(adres, naam, _voorletters(rng), kind())


def _zonder_accenten(tekst: str) -> str:
    tekst = tekst.replace("ı", "i").replace("ø", "o").replace("Ø", "O")
    decomposed = unicodedata.normalize("NFKD", tekst)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_TUSSENVOEGSELS = ("van der", "van den", "van de", "van 't", "in 't", "van", "de", "ter", "ten")


def _splits(naam: str) -> tuple[str, str]:
    for t in _TUSSENVOEGSELS:
        if naam.startswith(t + " "):
            return t, naam[len(t) + 1 :]
    return "", naam


def _typo(rng: random.Random, naam: str) -> str:
    tussen, kern = _splits(naam)
    if len(kern) < 3:
        return naam
    i = rng.randrange(1, len(kern))  # creditors rarely get the first letter wrong
    soort = rng.randrange(4)
    letter = rng.choice("abcdefghijklmnoprstuvwz")
    if soort == 0:
        kern = kern[:i] + letter + kern[i + 1 :]
    elif soort == 1:
        kern = kern[:i] + kern[i + 1 :]
    elif soort == 2:
        kern = kern[:i] + letter + kern[i:]
    elif i < len(kern) - 1:
        kern = kern[:i] + kern[i + 1] + kern[i] + kern[i + 2 :]
    return f"{tussen} {kern}" if tussen else kern


def _tussenvoegsel_anders(rng: random.Random, naam: str) -> str:
    tussen, kern = _splits(naam)
    afkorting = "".join(w[0] for w in tussen.split() if w[0].isalpha())
    vorm = rng.randrange(5)
    if vorm == 0:
        return f"{kern}, {tussen}"
    if vorm == 1:
        return kern  # left out
    if vorm == 2:
        return f"{'.'.join(afkorting)}. {kern}"
    if vorm == 3:
        return f"{afkorting} {kern}"
    return f"{tussen.title()} {kern}"


def _datum_slip(rng: random.Random, d: date) -> date:
    for _ in range(10):
        soort = rng.randrange(3)
        try:
            if soort == 0:
                kandidaat = d.replace(day=d.day + rng.choice((-1, 1)))
            elif soort == 1:
                kandidaat = d.replace(day=d.month, month=d.day)
            else:
                kandidaat = d.replace(year=d.year + rng.choice((-10, -1, 1, 10)))
        except ValueError:
            continue
        if kandidaat != d and kandidaat < date(2010, 1, 1):
            return kandidaat
    return d


def _voorletters_anders(rng: random.Random, voorletters: str) -> str:
    vorm = rng.randrange(4)
    if vorm == 0:
        return voorletters[:2]  # first initial only
    if vorm == 1:
        return voorletters.replace(".", "")  # "JP"
    if vorm == 2:
        return next(v for v in VOORNAMEN if v[0] == voorletters[0])  # first name written out
    return voorletters.replace(".", ". ").strip()


def ruis(rng: random.Random, wie: Inwoner) -> tuple[str, str, date, tuple[str, ...]]:
    """The resident as a creditor has them on file, and the kinds of noise applied."""
    naam, voorletters, geboren = wie.achternaam, wie.voorletters, wie.geboortedatum
    soorten: list[str] = []
    if "-" in naam and rng.random() < P_DEEL_DUBBELE_NAAM:
        naam = rng.choice(naam.split("-"))
        soorten.append("deel van dubbele naam")
    if _splits(naam)[0] and rng.random() < P_TUSSENVOEGSEL_ANDERS:
        naam = _tussenvoegsel_anders(rng, naam)
        soorten.append("tussenvoegsel anders")
    if _zonder_accenten(naam) != naam and rng.random() < P_ZONDER_ACCENTEN:
        naam = _zonder_accenten(naam)
        soorten.append("zonder accenten")
    if "ij" in naam.lower() and rng.random() < P_IJ_ALS_Y:
        naam = naam.replace("ij", "y").replace("IJ", "Y")
        soorten.append("ij als y")
    if rng.random() < P_TYPO:
        naam = _typo(rng, naam)
        soorten.append("typfout")
        if rng.random() < P_TWEE_TYPOS / P_TYPO:
            naam = _typo(rng, naam)
            soorten.append("twee typfouten")
    if rng.random() < P_HOOFDLETTERS:
        naam = naam.upper()
        soorten.append("hoofdletters")
    if rng.random() < P_ZONDER_VOORLETTERS:
        voorletters = ""
        soorten.append("zonder voorletters")
    elif rng.random() < P_VOORLETTERS_ANDERS:
        voorletters = _voorletters_anders(rng, voorletters)
        soorten.append("voorletters anders")
    if rng.random() < P_DATUM_SLIP:
        geboren = _datum_slip(rng, geboren)
        soorten.append("datum-slip")
    return naam, voorletters, geboren, tuple(soorten)


def genereer(bewoners: int = 100_000, signalen: int = 100_000, *, seed: int = SEED) -> Set:
    """The labelled set: `bewoners` known residents and `signalen` signals without BSN.

    About three quarters of the signals are about known residents (some get several); the rest
    are about residents nobody knows yet, most of whom live with a known relative.
    """
    rng = random.Random(seed)
    populatie = _Populatie(rng)
    bekend: list[Inwoner] = []
    onbekend: list[Inwoner] = []
    while len(bekend) < bewoners:
        begin = len(populatie.mensen)
        populatie.huishouden()
        for mens in populatie.mensen[begin:]:
            if len(bekend) < bewoners and rng.random() < P_BEKEND:
                bekend.append(mens)
            else:
                onbekend.append(mens)
    # Known residents get their own ids (0..n-1) as the municipality's records would.
    bewoner_id = {mens.id: i for i, mens in enumerate(bekend)}
    bekend_set = [
        Inwoner(i, m.adres, m.achternaam, m.voorletters, m.geboortedatum)
        for i, m in enumerate(bekend)
    ]
    uit: list[Signaal] = []
    for i in range(signalen):
        wie = rng.choice(bekend) if rng.random() < 0.75 or not onbekend else rng.choice(onbekend)
        naam, voorletters, geboren, soorten = ruis(rng, wie)
        bekend_of_niet = "bekend" if wie.id in bewoner_id else "onbekend"
        labels = (*soorten, f"{bekend_of_niet}: {populatie.soort_van[wie.id]}")
        uit.append(
            Signaal(
                i, wie.adres, naam, voorletters, geboren, bewoner_id.get(wie.id), wie.id, labels
            )
        )
    return Set(bekend_set, uit, populatie.soorten)
