#!/usr/bin/env python3
"""Build data/actors/actors.tsv.gz, the demarche actor dictionary (python3 stdlib only, deterministic).

Usage: python3 data/build/build_actors.py [--shared ../shared/data] [--out data/actors]

Sources (see data/actors/SOURCE.md for licences):
  petrarch_cameo/dictionaries/Phoenix.{Countries,International,MilNonState}.actors.txt  (MIT, Open Event Data Alliance)
  gazetteers/iso_codes_debian/iso_3166-1.json, iso_3166-3.json  (country codes and names)
  data/build/curated_countries.txt  (this project: capitals and demonyms, public-record facts)
  data/build/curated_actors.txt  (this project: current leaders and officials, IGOs, groups, institutions)
CountryInfo.txt itself states no licence, so it is not read; its MIT-licensed Phoenix derivative is.

One output row per (actor, role period, alias). Columns:
  actor_id name cameo_code country sector valid_from valid_to alias alias_type kind role source
Role periods are half-open [valid_from, valid_to); empty = open. A row with both dates empty is the actor's
fallback code, used when no dated role covers the article date.
"""
import argparse, csv, gzip, json, os, re, sys, unicodedata
from collections import defaultdict, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

APOS = "'\u2019\u02bc\u2018`"


def norm_tokens(text):
    """Same normalisation as org.demarche.actors.Normalizer: NFD, drop marks, lowercase, letter/digit runs,
    apostrophes inside words dropped, possessive 's dropped."""
    s = unicodedata.normalize("NFD", text)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    toks, cur, i, n = [], [], 0, len(s)
    while i < n:
        c = s[i]
        if c.isalnum():
            cur.append(c)
        elif c in APOS and cur and i + 1 < n and s[i + 1].isalnum():
            if s[i + 1] == "s" and (i + 2 >= n or not s[i + 2].isalnum()):
                i += 2
                toks.append("".join(cur)); cur = []
                continue
            # inside a word (O'Brien, Da'esh): join
        else:
            if cur:
                toks.append("".join(cur)); cur = []
        i += 1
    if cur:
        toks.append("".join(cur))
    return toks


def norm(text):
    return " ".join(norm_tokens(text))


def display(phoenix_name):
    words = phoenix_name.strip().strip("_").replace("_", " ").split()
    out = []
    for w in words:
        if len(w) <= 4 and w.isalpha() and w.isupper() and w not in ("AL", "EL", "BIN", "IBN", "DE", "LA", "VON", "VAN", "DA", "DEL", "DOS"):
            if len(w) <= 3 and w not in ("THE", "AND", "FOR", "OF"):
                out.append(w); continue
        lw = w.lower()
        out.append(lw if lw in ("of", "the", "and", "for", "al", "el", "bin", "ibn", "de", "la", "von", "van", "da", "del", "dos") and out
                   else "-".join(p[:1].upper() + p[1:] for p in lw.split("-")))
    return " ".join(out)


def phoenix_date(tok):
    tok = tok.strip()
    if not tok:
        return ""
    if len(tok) == 6:
        yy = int(tok[:2])
        tok = ("20" if yy <= 29 else "19") + tok
    if len(tok) != 8 or not tok.isdigit():
        return None
    return f"{tok[:4]}-{tok[4:6]}-{tok[6:]}"


CODE_RE = re.compile(r"\[([A-Z0-9]{3,15})(?:\s+([<>]?)(\d{6,8})(?:-(\d{6,8}))?)?\s*\]")


def parse_codes(s):
    out = []
    for m in CODE_RE.finditer(s):
        code, op, d1, d2 = m.group(1), m.group(2), m.group(3), m.group(4)
        vf = vt = ""
        if d1:
            a = phoenix_date(d1)
            if a is None:
                continue
            if op == ">":
                vf = a
            elif op == "<":
                vt = a
            elif d2:
                b = phoenix_date(d2)
                if b is None:
                    continue
                vf, vt = a, b
            else:
                vf = a
        out.append((code, vf, vt))
    return out


def parse_phoenix(path):
    """Yields (header, [aliases], [codes]) entries of a TABARI .actors file."""
    entries, cur = [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            body = line.split("#", 1)[0]
            if not body.strip():
                continue
            if body.startswith("+"):
                if cur is not None:
                    name = body[1:].split("[", 1)[0].strip()
                    if name:
                        cur[1].append(name)
                    cur[2].extend(parse_codes(body))
            elif body[0] in " \t":
                if cur is not None:
                    cur[2].extend(parse_codes(body))
            else:
                name = body.split("[", 1)[0].strip()
                cur = [name, [], parse_codes(body)]
                entries.append(cur)
    return entries


TITLE_WORDS = ("PRESIDENT", "PRIME_MINISTER", "SECRETARY", "MINISTER", "FOREIGN_MINISTER", "SENATOR", "AMBASSADOR",
               "GENERAL", "KING", "QUEEN", "PRINCE", "SHEIKH", "CHANCELLOR", "PREMIER", "RUSSIAN", "US_", "U.S.", "AMERICAN",
               "GOVERNOR", "DEFENSE", "DEFENCE", "CHAIRMAN", "VICE", "EMIR", "SPEAKER", "MR", "DR", "LEADER", "COLONEL")

# Surnames we never generate: common words, first names and frequent Arabic/East Asian name parts.
SURNAME_STOP = set("""the and for said will new east west north south also state states union party front council
army court bank house office people group world free good best long white black brown green young king queen prince
bush clinton kim lee park wang zhang chen liu yang lin ali khan ahmed ahmad mohammed muhammad mohamed hassan hussein
hussain abdullah abdul rahman salem said saleh singh kumar shah sharif smith jones johnson williams miller davis wilson
taylor thomas moore martin jackson white harris clark lewis walker hall allen king wright scott green baker adams nelson
hill campbell mitchell roberts carter phillips evans turner parker collins edwards stewart morris murphy cook rogers
morgan cooper peterson reed bailey bell kelly howard ward cox richardson wood watson brooks bennett gray james hughes
price sanders long foster powell perry russell butler barnes fisher henderson coleman simmons patterson jordan
reynolds hamilton graham wallace west cole hayes gibson bryant ellis stevens murray ford marshall owens mcdonald
santos silva lopez garcia martinez rodriguez hernandez gonzalez perez sanchez ramirez torres flores rivera gomez diaz
cruz reyes morales ortiz gutierrez chavez ramos castillo fernandez ruiz alvarez jimenez moreno romero herrera medina
aguilar vargas castro mendoza guzman rojas delgado vega soto pena rios salazar mejia muller schmidt schneider fischer
weber meyer wagner becker schulz hoffmann koch richter klein wolf schroder neumann schwarz zimmermann braun kruger
hofmann hartmann lange schmitt werner krause meier lehmann schmid schulze maier kohler herrmann walter mayer huber kaiser
fuchs peters lang scholz moller weiss jung hahn vogel friedrich keller gunther frank berger winkler roth beck lorenz
baumann franke albrecht schuster simon ludwig bohm winter kraus martin schumacher kramer vogt stein jager otto sommer
groß seidel heinrich brandt haas schreiber graf dietrich ziegler kuhn pohl engel horn busch bergmann thomas voigt
sauer arnold wolff pfeiffer ivanov petrov smirnov kuznetsov popov sokolov lebedev kozlov novikov morozov volkov
said abu bin ibn el al may march april june july august during after before under over about"""
    """ general major little young """.split())

ACRONYMS = {"USA": ["US", "U.S.", "USA", "U.S.A."], "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
            "ARE": ["UAE", "U.A.E."], "PRK": ["DPRK", "North Korea"], "KOR": ["South Korea", "ROK"],
            "CHN": ["PRC", "China", "Mainland China"], "RUS": ["Russia", "Russian Federation"],
            "SUN": ["USSR", "U.S.S.R.", "Soviet Union"], "SYR": ["Syria"], "IRN": ["Iran"], "TWN": ["Taiwan"],
            "VNM": ["Vietnam", "Viet Nam"], "LAO": ["Laos"], "BOL": ["Bolivia"], "VEN": ["Venezuela"],
            "TZA": ["Tanzania"], "MDA": ["Moldova"], "CZE": ["Czech Republic", "Czechia"], "PSE": ["Palestine",
            "Palestinian territories"], "CIV": ["Ivory Coast", "Cote d'Ivoire"], "COD": ["Democratic Republic of Congo",
            "DR Congo", "DRC", "Congo-Kinshasa"], "COG": ["Congo-Brazzaville", "Republic of the Congo"],
            "MMR": ["Myanmar", "Burma"], "NLD": ["Netherlands", "Holland", "the Netherlands"],
            "DEU": ["Germany", "West Germany", "Federal Republic of Germany"],
            "DDR": ["East Germany", "German Democratic Republic"], "YUG": ["Yugoslavia"],
            "KHM": ["Cambodia", "Kampuchea"], "SWZ": ["Swaziland", "Eswatini"], "MKD": ["Macedonia", "North Macedonia"],
            "TUR": ["Turkey", "Turkiye"], "VAT": ["Vatican", "Holy See"]}
EXTRA_DEMONYMS = {"USA": ["American", "US", "U.S."], "GBR": ["British", "UK", "U.K."], "NLD": ["Dutch"],
                  "CHN": ["Chinese"], "SUN": ["Soviet"], "PSE": ["Palestinian"], "ARE": ["Emirati", "UAE"],
                  "KOR": ["South Korean"], "PRK": ["North Korean"], "SAU": ["Saudi"], "PHL": ["Philippine"],
                  "ISR": ["Israeli"], "DEU": ["German"], "FRA": ["French"], "IRQ": ["Iraqi"], "IRN": ["Iranian"],
                  "AFG": ["Afghan"], "TWN": ["Taiwanese"]}
# Former states missing from ISO 3166-3 as alpha-3 in this form; the CAMEO codes used by Phoenix.
FORMER = {"SUN": "Soviet Union", "DDR": "East Germany", "YUG": "Yugoslavia", "CSK": "Czechoslovakia"}
NOT_DEMONYM_NOUNS = set()
# Nationality nouns (people, not the state): typed as demonyms like the adjectives ("Palestinians", "a Briton").
NATIONALITY_NOUNS = set("""briton britons swede swedes dane danes finn finns pole poles turk turks scot scots spaniard
spaniards kiwi kiwis filipino filipinos welsh welshman welshwoman englishman englishwoman scotsman scotswoman""".split()
                        ) | {"northern irish", "northern irishman", "northern irishwoman"}
# Aliases that read as dates ("May 15", "21 June") are dropped: they match every date in the news.
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DATE_LIKE = re.compile(r"^(\d{1,2}(st|nd|rd|th)? (of )?)?(" + MONTHS + r")( \d{1,4})?$")
# Phoenix place aliases that are common English words or foreign-language country names that collide with them.
PLACE_STOP = {"island", "union", "independence", "victoria", "liberty", "concord", "paradise", "hope", "eden"}
SECTOR_NOUNS = OrderedDict([
    ("GOV", ["government", "authorities", "regime", "foreign ministry", "ministry of foreign affairs", "leadership",
             "administration", "cabinet", "diplomats"]),
    ("MIL", ["army", "military", "armed forces", "troops", "forces", "defence ministry", "defense ministry", "navy",
             "air force", "soldiers"]),
    ("REB", ["rebels", "insurgents", "militants"]),
    ("OPP", ["opposition"]),
    ("LEG", ["parliament", "lawmakers", "legislature"]),
])
SECTOR_NAMES = {"GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition", "LEG": "legislature"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(REPO, "data", "actors"))
    a = ap.parse_args()
    shared = a.shared
    pdir = os.path.join(shared, "petrarch_cameo", "dictionaries")
    gdir = os.path.join(shared, "gazetteers")

    iso = json.load(open(os.path.join(gdir, "iso_codes_debian", "iso_3166-1.json"), encoding="utf-8"))["3166-1"]
    iso3 = json.load(open(os.path.join(gdir, "iso_codes_debian", "iso_3166-3.json"), encoding="utf-8"))["3166-3"]
    countries = OrderedDict()  # ISO3 -> {names:set, demonyms:set, capitals:set, display}
    for c in iso:
        names = [c["name"]] + [c[k] for k in ("official_name", "common_name") if k in c]
        countries[c["alpha_3"]] = {"display": c.get("common_name", c["name"]), "names": names, "demonyms": [],
                                   "capitals": [], "former": False}
    for c in iso3:
        a3 = c.get("alpha_3")
        if a3 and a3 not in countries:
            countries[a3] = {"display": c["name"], "names": [c["name"]], "demonyms": [], "capitals": [], "former": True}
    for a3, nm in FORMER.items():
        countries.setdefault(a3, {"display": nm, "names": [nm], "demonyms": [], "capitals": [], "former": True})
    with open(os.path.join(HERE, "curated_countries.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            a3, caps, dems = line.split("|")
            c = countries.get(a3)
            if c is None:
                continue
            c["capitals"] += [x for x in caps.split(";") if x]
            c["demonyms"] += [x for x in dems.split(";") if x]
    for a3, extra in ACRONYMS.items():
        if a3 in countries and extra and not re.fullmatch(r"[A-Z.]{2,8}", extra[0]):
            countries[a3]["display"] = extra[0]
    for a3, extra in ACRONYMS.items():
        if a3 in countries:
            countries[a3]["names"] += extra
    for a3, extra in EXTRA_DEMONYMS.items():
        if a3 in countries:
            countries[a3]["demonyms"] += extra
    valid_country = set(countries)

    rows = []  # dicts
    prio = {}  # actor_id -> priority (lower wins alias conflicts)

    def add(actor_id, name, code, country, sector, vf, vt, alias, atype, kind, role, source, p):
        rows.append(dict(actor_id=actor_id, name=name, cameo_code=code, country=country, sector=sector,
                         valid_from=vf, valid_to=vt, alias=alias, alias_type=atype, kind=kind, role=role,
                         source=source))
        prio[actor_id] = min(prio.get(actor_id, 99), p)

    # 1. curated
    curated_ids = set()
    shared_surname_ids, no_surname_ids, own_surname_ids = set(), set(), set()
    person_surnames = {}
    with open(os.path.join(HERE, "curated_actors.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("|")
            if parts[0] == "P":
                _, aid, name, ctry, roles, extra = parts
                curated_ids.add(aid)
                aliases = [(name, "name")]
                # flags among the extra aliases: "!shared_surname" = the surname needs a full-name antecedent or a
                # title to match (a common surname or word); "!own_surname" = the surname stays this person's even
                # though obscure dictionary people share it (Phoenix's Cyril Romney); "!no_surname" = no surname
                # alias, and the person does not make another person's surname shared (Michelle Obama)
                flags = {x.strip() for x in extra.split(",") if x.strip().startswith("!")}
                extra = ",".join(x for x in extra.split(",") if not x.strip().startswith("!"))
                if "!shared_surname" in flags:
                    shared_surname_ids.add(aid)
                if "!own_surname" in flags:
                    own_surname_ids.add(aid)
                if "!no_surname" in flags:
                    no_surname_ids.add(aid)
                for e in [x.strip() for x in extra.split(",") if x.strip()]:
                    aliases.append((e, "title" if norm_tokens(e)[0] in ("president", "chancellor", "king", "crown",
                                                                       "prince", "ayatollah", "sheikh") else "name"))
                sur = name.replace("-", " ").split()[-1]
                if (norm(sur) != norm(name) and norm(sur) not in SURNAME_STOP and len(norm(sur)) >= 3
                        and aid not in no_surname_ids):
                    aliases.append((sur, "surname"))
                for role in roles.split(";"):
                    code, vf, vt, rname = role.split(",")
                    for al, at in aliases:
                        add(aid, name, code, ctry, code[3:] if code[:3] in valid_country else code[3:6], vf, vt,
                            al, at, "person", rname, "curated", 0)
            elif parts[0] == "O":
                _, aid, name, ctry, code, aliases = parts
                curated_ids.add(aid)
                for item in aliases.split(","):
                    at, al = item.split(":", 1)
                    sector = code[3:] if ctry else code[3:6]
                    add(aid, name, code, ctry, sector, "", "", al, at, "organisation" if not aid.endswith(("GOV", "MIL", "LEG")) or len(aid) != 6 else "sector", "", "curated", 0)

    # 2. countries and sector actors (ISO 3166 names, curated demonyms and capitals)
    for a3, c in countries.items():
        disp = c["display"]
        seen = set()
        for nm in c["names"]:
            if norm(nm) and norm(nm) not in seen:
                seen.add(norm(nm))
                atype = "acronym" if re.fullmatch(r"[A-Z.]{2,8}", nm) else "name"
                add(a3, disp, a3, a3, "", "", "", nm, atype, "country", "", "iso3166", 1)
        for d in c["demonyms"]:
            if norm(d) and norm(d) not in seen:
                seen.add(norm(d))
                add(a3, disp, a3, a3, "", "", "", d, "demonym", "country", "", "curated_countries", 1)
        if c["former"] and a3 not in FORMER:
            continue
        for cap in ([] if c["former"] else c["capitals"]):
            add(a3 + "GOV", disp + " (government)", a3 + "GOV", a3, "GOV", "", "", cap, "capital_metonym", "sector",
                "", "curated_countries", 1)
        stems = list(OrderedDict.fromkeys(c["demonyms"] + [c["display"]] + ACRONYMS.get(a3, [])[:2]))
        for sec, nouns in SECTOR_NOUNS.items():
            for st in stems:
                for noun in nouns:
                    add(a3 + sec, disp + " (" + SECTOR_NAMES[sec] + ")", a3 + sec, a3, sec, "", "", st + " " + noun,
                        "institution", "sector", "", "generated", 1)

    # 3. Phoenix dictionaries
    def phoenix(fname, p):
        for header, aliases, codes in parse_phoenix(os.path.join(pdir, fname)):
            if not codes:
                continue
            aid = re.sub(r"[^A-Z0-9]+", "_", header.upper()).strip("_")
            if not aid or aid in curated_ids:
                continue
            dated = [c for c in codes if c[1] or c[2]]
            undated = [c for c in codes if not (c[1] or c[2])]
            is_country = len(codes) == 1 and len(codes[0][0]) == 3 and not dated
            if is_country:
                a3 = codes[0][0]
                if a3 not in countries:
                    continue
                known = {norm(n)[:4] for n in countries[a3]["names"]}
                dem = {norm(d) for d in countries[a3]["demonyms"]}
                caps = {norm(x) for x in countries[a3]["capitals"]}
                for al in [header] + aliases:
                    d = display(al)
                    if d.lower().startswith("the ") and len(d) > 4:
                        d = d[4:]
                    n = norm(d)
                    if not n or len(n) < 3:
                        continue
                    if n in caps:
                        continue  # capitals are metonyms of <ISO3>GOV, added above
                    nationality = n in dem or (n.endswith("s") and n[:-1] in dem) or n in NATIONALITY_NOUNS
                    atype = "demonym" if nationality else ("name" if n[:4] in known else "place")
                    add(a3, countries[a3]["display"], a3, a3, "", "", "", d, atype, "country", "", fname, 1)
                continue
            kind = "person" if dated else "organisation"
            name = display(header)
            roles = dated + undated[:1]
            for code, vf, vt in roles:
                ctry = code[:3] if code[:3] in valid_country else ""
                sector = code[3:] if ctry else code[3:6]
                for al in [header] + aliases:
                    d = display(al)
                    if len(norm(d)) < 3:
                        continue
                    atype = "name"
                    if kind == "person" and al.upper().startswith(TITLE_WORDS) and al != header:
                        atype = "title"
                    elif re.fullmatch(r"[A-Z]{2,6}_?", al.strip()):
                        atype = "acronym"
                        d = al.strip().strip("_")
                    add(aid, name, code, ctry, sector, vf, vt, d, atype, kind, "", fname, p)
            if kind == "person":
                toks = header.strip("_").split("_")
                sur = toks[-1]
                if len(toks) >= 2 and len(sur) >= 4 and sur.isalpha() and sur.lower() not in SURNAME_STOP:
                    person_surnames.setdefault(norm(sur), set()).add((aid, sur.capitalize()))

    phoenix("Phoenix.International.actors.txt", 2)
    phoenix("Phoenix.MilNonState.actors.txt", 2)
    phoenix("Phoenix.Countries.actors.txt", 3)

    # surnames of Phoenix persons, only when unique among all persons
    person_roles = defaultdict(list)
    for r in rows:
        if r["kind"] == "person" and r["source"] != "curated":
            person_roles[r["actor_id"]].append(r)
    for n, ids in person_surnames.items():
        if len({i for i, _ in ids}) != 1:
            continue
        aid, sur = next(iter(ids))
        done = set()
        for r in list(person_roles[aid]):
            key = (r["cameo_code"], r["valid_from"], r["valid_to"])
            if key in done:
                continue
            done.add(key)
            add(aid, r["name"], r["cameo_code"], r["country"], r["sector"], r["valid_from"], r["valid_to"], sur,
                "surname", "person", "", r["source"], 4)

    # 4. per actor: de-duplicate, fix overlapping role periods (trim the earlier), one fallback row
    by_actor = defaultdict(list)
    for r in rows:
        by_actor[r["actor_id"]].append(r)
    final = []
    stats = defaultdict(int)
    for aid, rs in by_actor.items():
        periods = sorted({(r["valid_from"], r["valid_to"], r["cameo_code"]) for r in rs if r["valid_from"] or r["valid_to"]})
        fixed = {}
        prev = None
        for p in periods:
            vf, vt, code = p
            if prev is not None:
                pvf, pvt, pcode = fixed[prev]
                if vf and (not pvt or pvt > vf):
                    if pvf and pvf >= vf:
                        fixed[p] = None; stats["period_dropped"] += 1; continue
                    fixed[prev] = (pvf, vf, pcode); stats["period_trimmed"] += 1
                elif not vf:
                    fixed[p] = None; stats["period_dropped"] += 1; continue
            fixed[p] = (vf, vt, code)
            prev = p
        fallback = None
        for r in rs:
            if r["valid_from"] or r["valid_to"]:
                f = fixed[(r["valid_from"], r["valid_to"], r["cameo_code"])]
                if f is None or (f[0] and f[1] and f[0] >= f[1]):
                    continue
                r = dict(r, valid_from=f[0], valid_to=f[1])
            else:
                if fallback is None:
                    fallback = r["cameo_code"]
                if r["cameo_code"] != fallback:
                    continue
            final.append(r)

    # 5. alias conflicts: one actor per normalised alias (highest priority, then first seen)
    role_nouns = {"secretary of state", "president", "prime minister", "foreign minister", "minister", "premier",
                  "chancellor", "king", "foreign secretary", "secretary general", "us secretary of state",
                  "vice president", "leader", "senator"}
    final = [r for r in final if norm(r["alias"]) not in role_nouns and not DATE_LIKE.match(norm(r["alias"]))
             and not (r["alias_type"] == "place" and norm(r["alias"]) in PLACE_STOP)]
    preferred = {(a3, norm(x)) for a3, xs in list(EXTRA_DEMONYMS.items()) + list(ACRONYMS.items()) for x in xs}
    owner, owner_rank = {}, {}
    for r in final:
        n = norm(r["alias"])
        cur = owner.get(n)
        rank = (0 if (r["actor_id"], n) in preferred else 1, prio[r["actor_id"]])
        if cur is None or rank < owner_rank[n]:
            owner_rank[n] = rank
            owner[n] = r["actor_id"]
    out, seen = [], set()
    for r in final:
        n = norm(r["alias"])
        if not n:
            continue
        if owner[n] != r["actor_id"]:
            stats["alias_conflict_dropped"] += 1
            continue
        key = (r["actor_id"], r["cameo_code"], r["valid_from"], r["valid_to"], n)
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    # a curated surname that is also the last name of another person needs an antecedent or a title to match
    last_names = defaultdict(set)
    for r in out:
        if r["kind"] == "person" and norm(r["name"]) and r["actor_id"] not in no_surname_ids:
            last_names[norm(r["name"]).split()[-1]].add(r["actor_id"])
    for r in out:
        if r["source"] == "curated" and r["alias_type"] == "surname" and (
                last_names[norm(r["alias"])] - {r["actor_id"]} and r["actor_id"] not in own_surname_ids
                or r["actor_id"] in shared_surname_ids):
            r["source"] = "curated_shared_surname"
            stats["curated_surname_shared"] += 1
    out.sort(key=lambda r: (r["actor_id"], r["valid_from"], r["valid_to"], r["alias_type"], r["alias"]))

    cols = ["actor_id", "name", "cameo_code", "country", "sector", "valid_from", "valid_to", "alias", "alias_type",
            "kind", "role", "source"]
    os.makedirs(a.out, exist_ok=True)
    buf = ["\t".join(cols) + "\n"] + ["\t".join(str(r[c]).replace("\t", " ") for c in cols) + "\n" for r in out]
    # gzip with a fixed mtime and no file name, so the output is byte-for-byte reproducible
    with open(os.path.join(a.out, "actors.tsv.gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write("".join(buf).encode("utf-8"))
    actors = {r["actor_id"] for r in out}
    kinds = defaultdict(set)
    for r in out:
        kinds[r["kind"]].add(r["actor_id"])
    print(f"actors.tsv: {len(out)} rows, {len(actors)} actors, {len({norm(r['alias']) for r in out})} distinct aliases;",
          {k: len(v) for k, v in sorted(kinds.items())}, dict(stats), file=sys.stderr)


if __name__ == "__main__":
    main()
