"""Synthetic news articles about the Kuril Islands, for benchmarks: ``python -m bench.articles OUT_DIR --count 2000``.

:func:`write_articles` writes ``count`` article files in the format of seeds/README.md, the same for the same
``seed`` (``random.Random(seed)``), and the first ``n`` of a larger run are the files of a run of ``n``:

* languages mixed about 60 % English, 25 % Russian, 15 % Japanese (each in its own script and grammar);
* 4-15 paragraphs of 1-4 sentences; every article is about one to three places, named as a reporter would:
  "Kunashir", "the Habomai islets", "the Southern Kurils", "на Кунашире", "у Итурупа", "с Шикотаном",
  "国後島", "択捉", "北方領土"; about a third of the paragraphs name no place at all;
* dates spread over 2015-2026, about 6 % undated; distinct titles; a source on each, a url on half, the
  ``language:`` line on nine in ten (the rest is guessed from the script, as for a reader's file);
* file names ``2021-03-04-en-<n>.txt`` (``undated-ru-<n>.txt``), so ids are unique.

The vocabulary has words a reader searches for in every language ("fishermen", "рыбаки", "国後", "ferry
schedule"), at realistic rates. :func:`hostile_article` makes one large file meant to stress the parser,
the linker and the store (dense names, long whitespace runs, one huge paragraph).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LANGUAGE_WEIGHTS = (("en", 60), ("ru", 25), ("ja", 15))
UNDATED_SHARE = 0.06
NO_LANGUAGE_LINE_SHARE = 0.10
URL_SHARE = 0.5
FIRST_DAY, LAST_DAY = dt.date(2015, 1, 1), dt.date(2026, 12, 31)
#: Share of the paragraphs after the first that name no place.
PLAIN_PARAGRAPH_SHARE = 0.33


# --- places: how each is written in each language ---------------------------------------------------------


def _ru_noun(stem: str) -> dict[str, str]:
    """Case forms of a Russian island name ending in a consonant (Кунашир, Итуруп): "на Кунашире", "у Кунашира"."""
    return {"nom": stem, "gen": stem + "а", "dat": stem + "у", "acc": stem, "ins": stem + "ом", "loc": "на " + stem + "е"}


def _ru_fixed(name: str, loc: str | None = None) -> dict[str, str]:
    """Case forms of an indeclinable Russian name (Шумшу, Матуа)."""
    return {"nom": name, "gen": name, "dat": name, "acc": name, "ins": name, "loc": loc or "на " + name}


def _ru_forms(nom: str, gen: str, dat: str, acc: str, ins: str, loc: str) -> dict[str, str]:
    return {"nom": nom, "gen": gen, "dat": dat, "acc": acc, "ins": ins, "loc": loc}


@dataclass(frozen=True)
class Place:
    """A place articles name: its gazetteer or places id, a weight, and its forms in English, Russian (each
    a dict of case forms) and Japanese."""

    id: str
    weight: int
    en: tuple[str, ...]
    ru: tuple[dict[str, str], ...]
    ja: tuple[str, ...]


PLACES = (
    Place("kunashir", 20, ("Kunashir", "Kunashir", "Kunashir Island", "Kunashiri"), (_ru_noun("Кунашир"),), ("国後島", "国後島", "国後")),
    Place("iturup", 18, ("Iturup", "Iturup", "Iturup Island", "Etorofu"), (_ru_noun("Итуруп"),), ("択捉島", "択捉島", "択捉")),
    Place("shikotan", 12, ("Shikotan", "Shikotan Island"), (_ru_noun("Шикотан"),), ("色丹島",)),
    Place("habomai", 8, ("the Habomai islets", "the Habomai Islands", "the Habomai group"), (
        _ru_forms("острова Хабомаи", "островов Хабомаи", "островам Хабомаи", "острова Хабомаи", "островами Хабомаи",
                  "на островах Хабомаи"),), ("歯舞群島", "歯舞諸島")),
    Place("southern_four", 10, ("the Southern Kurils", "the Northern Territories", "the South Kurils"), (
        _ru_forms("Южные Курилы", "Южных Курил", "Южным Курилам", "Южные Курилы", "Южными Курилами", "на Южных Курилах"),
    ), ("北方領土", "北方四島")),
    Place("kuril_chain", 8, ("the Kuril Islands", "the Kurils", "the Kuril chain", "the Kurile Islands"), (
        _ru_forms("Курилы", "Курил", "Курилам", "Курилы", "Курилами", "на Курилах"),
        _ru_forms("Курильские острова", "Курильских островов", "Курильским островам", "Курильские острова",
                  "Курильскими островами", "на Курильских островах"),
    ), ("千島列島", "クリル諸島")),
    Place("urup", 3, ("Urup",), (_ru_noun("Уруп"),), ("得撫島",)),
    Place("paramushir", 4, ("Paramushir",), (_ru_noun("Парамушир"),), ("幌筵島",)),
    Place("shumshu", 4, ("Shumshu", "Shumshu Island"), (_ru_fixed("Шумшу", "на острове Шумшу"), _ru_fixed("Шумшу")), ("占守島",)),
    Place("simushir", 2, ("Simushir",), (_ru_noun("Симушир"),), ("新知島",)),
    Place("matua", 2, ("Matua",), (_ru_fixed("Матуа", "на острове Матуа"),), ("松輪島",)),
    Place("onekotan", 1, ("Onekotan",), (_ru_noun("Онекотан"),), ("温禰古丹島",)),
    Place("northern_kurils", 2, ("the Northern Kurils",), (
        _ru_forms("Северные Курилы", "Северных Курил", "Северным Курилам", "Северные Курилы", "Северными Курилами",
                  "на Северных Курилах"),), ("北千島",)),
    Place("lesser_kuril", 1, ("the Lesser Kuril Chain",), (
        _ru_forms("Малая Курильская гряда", "Малой Курильской гряды", "Малой Курильской гряде", "Малую Курильскую гряду",
                  "Малой Курильской грядой", "на Малой Курильской гряде"),), ("小千島列島",)),
)

# --- sentences ---------------------------------------------------------------------------------------------
# Slots: {a} / {b} a place (English, Japanese), {a_gen} ... a Russian case form of it; {n} tonnes, {n2} a small
# number, {n3} hundreds, {pct}, {mag}, {year}, {month}, {season}, {weekday}, {person}, {org}, {shindo}.

EN_PLACE = (
    "Fishermen on {a} reported a catch of {n} tonnes of saury this {season}.",
    "A new ferry schedule links {a} with Sakhalin twice a week from {month}.",
    "Officials said the pier at {a} would be rebuilt by {year}.",
    "A magnitude {mag} earthquake was felt on {a} early on {weekday}; no damage was reported.",
    "Visa-free exchanges between former Japanese residents and people living on {a} resumed after {n2} years.",
    "The geothermal plant on {a} supplies about {pct} per cent of the island's electricity.",
    "Russian forces held drills on {a} involving {n3} servicemen, the defence ministry said.",
    "Tokyo lodged a protest over the visit of {person} to {a}.",
    "Tourists visiting {a} can now book guided hikes to the volcano.",
    "Sea urchin and crab harvests around {a} fell by {pct} per cent.",
    "A school on {a} opened a new building for {n3} pupils.",
    "Heavy snow cut roads on {a} for {n2} days.",
    "The airport on {a} received its first direct flight from the mainland in {month}.",
    "Residents of {a} complained about slow internet and the price of fuel.",
    "A fish-processing plant on {a} hired {n3} seasonal workers.",
    "Fishermen from Nemuro said Russian patrol boats had stopped them near {a}.",
)
EN_TWO = (
    "The strait between {a} and {b} was closed to small boats because of fog.",
    "Residents of {a} and {b} will vote in local elections in {month}.",
    "A research vessel surveyed the waters off {a} and {b} for {n2} weeks.",
    "The ferry schedule between {a} and {b} was cut to one sailing a week.",
)
EN_PLAIN = (
    "The ministry did not comment on the report.",
    "Local fishermen said prices had risen since the spring.",
    "The ferry schedule may change if the weather worsens.",
    "Talks on a peace treaty have stalled since {year}.",
    "The project is funded from the federal budget, officials said.",
    "{speaker}, a spokesperson for {org}, declined to give details.",
    "More than {n3} people attended the meeting on {weekday}.",
    "Weather forecasters expect strong winds later in the week.",
    "Prices in the shops are about {pct} per cent higher than on the mainland.",
    "The decision was welcomed by local officials.",
    "Similar plans were announced in {year} but never carried out.",
    "{org} said it would publish the figures in {month}.",
)
EN_TITLES = (
    "Saury catch of {n} tonnes reported on {a}", "Ferry link to {a} to run twice a week from {month}",
    "Magnitude {mag} earthquake shakes {a}", "Russia holds drills on {a} with {n3} troops",
    "Japan protests {person}'s visit to {a}", "New school building for {n3} pupils opens on {a}",
    "Geothermal plant on {a} to cover {pct}% of demand", "Snow cuts roads on {a} for {n2} days",
    "Visa-free exchanges with {a} resume after {n2} years", "Crab harvest off {a} falls {pct}%",
    "{a}: fish plant hires {n3} seasonal workers", "Pier at {a} to be rebuilt by {year}",
)

RU_PLACE = (
    "Рыбаки {a_loc} сообщили об улове сайры в {n} тонн.",
    "Паром до {a_gen} будет ходить дважды в неделю с {month_gen}.",
    "Власти заявили, что причал {a_loc} восстановят к {year} году.",
    "Землетрясение магнитудой {mag} ощущалось {a_loc}, разрушений нет.",
    "Безвизовые обмены между жителями {a_gen} и бывшими японскими жителями возобновились спустя {years_ru}.",
    "Геотермальная станция {a_loc} обеспечивает около {pct}% электроэнергии.",
    "Военные провели учения {a_loc} с участием {n3} военнослужащих.",
    "Токио выразил протест в связи с поездкой {person_gen} на {a_acc}.",
    "Туристы, приезжающие на {a_acc}, теперь могут заказать экскурсию к вулкану.",
    "Улов морского ежа и краба у {a_gen} сократился на {pct}%.",
    "Школа {a_loc} открыла новое здание на {n3} учеников.",
    "Снегопад отрезал дороги {a_loc} на {days_ru}.",
    "Жители {a_gen} жалуются на перебои с интернетом и цены на топливо.",
    "Между {a_ins} и Хоккайдо установилась штормовая погода.",
    "Рыбокомбинат {a_loc} набрал {n3} сезонных работников.",
    "Губернатор пообещал {a_dat} новую больницу к {year} году.",
)
RU_TWO = (
    "Пролив между {a_ins} и {b_ins} закрыт для маломерных судов из-за тумана.",
    "Жители {a_gen} и {b_gen} выберут депутатов в {month_loc}.",
    "Научное судно {weeks_ru} исследовало воды у {a_gen} и {b_gen}.",
    "Расписание парома между {a_ins} и {b_ins} сократили до одного рейса в неделю.",
)
RU_PLAIN = (
    "В министерстве отказались от комментариев.",
    "Местные рыбаки говорят, что цены выросли с весны.",
    "Расписание парома может измениться при ухудшении погоды.",
    "Переговоры о мирном договоре не продвигаются с {year} года.",
    "Проект финансируется из федерального бюджета, сообщили чиновники.",
    "В {org_loc} подробности не раскрыли.",
    "На встречу пришли более {n3} человек.",
    "Синоптики ожидают усиления ветра к концу недели.",
    "Цены в магазинах примерно на {pct}% выше, чем на материке.",
    "Решение приветствовали местные власти.",
    "Похожие планы объявляли в {year} году, но они так и не были выполнены.",
)
RU_TITLES = (
    "Улов сайры {a_loc} составил {n} тонн", "Паром до {a_gen} будет ходить дважды в неделю",
    "Землетрясение магнитудой {mag} {a_loc}", "Учения {a_loc}: участвуют {n3} военнослужащих",
    "Токио протестует против поездки на {a_acc}", "Новая школа {a_loc} на {n3} учеников",
    "Снегопад {a_loc}: дороги закрыты на {days_ru}", "Улов краба у {a_gen} сократился на {pct}%",
    "Причал {a_loc} восстановят к {year} году", "Рыбокомбинат {a_loc} набрал {n3} работников",
)

JA_PLACE = (
    "{a}の漁業者によると、今季のサンマの水揚げは{n}トンに達した。",
    "{a}とサハリンを結ぶ定期船の運航が{month_ja}から週2回になる。",
    "{a}の桟橋は{year}年までに改修される見通しだ。",
    "{a}で震度{shindo}の揺れを観測したが、被害の報告はない。",
    "{a}の元島民による墓参が{n2}年ぶりに実現した。",
    "{a}の地熱発電所は島の電力の約{pct}％をまかなっている。",
    "ロシア軍は{a}で約{n3}人規模の演習を実施した。",
    "政府はロシア高官の{a}訪問に抗議した。",
    "{a}周辺のウニやカニの漁獲量は{pct}％減少した。",
    "{a}の学校に{n3}人が学ぶ新校舎が完成した。",
    "大雪のため{a}では{n2}日間道路が寸断された。",
    "根室の漁業者は{a}の近くでロシアの警備艇に停船を命じられたと話した。",
)
JA_TWO = (
    "{a}と{b}の間の海峡は濃霧のため小型船の航行が禁止された。",
    "{a}と{b}の住民による交流事業が{month_ja}に予定されている。",
    "調査船が{a}と{b}の周辺海域を{n2}週間にわたり調べた。",
)
JA_PLAIN = (
    "外務省はコメントを控えた。",
    "地元の漁業者は春から価格が上がったと話している。",
    "天候が悪化すれば運航予定は変わる可能性がある。",
    "平和条約交渉は{year}年以降停滞している。",
    "会合には{n3}人以上が参加した。",
    "気象台は週の後半に強風が吹くと予想している。",
    "事業費は国の予算でまかなわれる。",
    "同様の計画は{year}年にも発表されたが、実現しなかった。",
)
JA_TITLES = (
    "{a}でサンマ{n}トン水揚げ", "{a}航路、{month_ja}から週2便に", "{a}で震度{shindo}", "ロシア軍、{a}で{n3}人規模の演習",
    "ロシア高官の{a}訪問に抗議", "{a}に{n3}人の新校舎", "{a}の地熱発電、電力の{pct}％に", "{a}周辺でカニ漁獲{pct}％減",
    "{a}で{n2}日間道路寸断", "{a}の桟橋、{year}年までに改修",
)

SENTENCES = {"en": (EN_PLACE, EN_TWO, EN_PLAIN, EN_TITLES), "ru": (RU_PLACE, RU_TWO, RU_PLAIN, RU_TITLES),
             "ja": (JA_PLACE, JA_TWO, JA_PLAIN, JA_TITLES)}
SOURCES = {
    "en": ("Kuril Report", "Sakhalin Daily", "North Pacific Wire", "Example News", "Hokkaido Observer"),
    "ru": ("Курильский вестник", "Сахалин Инфо", "Островной край", "Тихоокеанская звезда"),
    "ja": ("根室通信", "北方ニュース", "道東新報", "例示新聞"),
}
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
RU_MONTHS_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                 "ноября", "декабря")
RU_MONTHS_LOC = ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре",
                 "ноябре", "декабре")
SEASONS = ("season", "autumn", "summer", "spring", "year")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PEOPLE = ("Prime Minister Dmitry Medvedev", "a deputy prime minister", "the regional governor", "a Duma delegation",
          "the defence minister")
RU_PEOPLE_GEN = ("премьер-министра", "вице-премьера", "губернатора области", "делегации Госдумы", "министра обороны")
SPEAKERS = ("Anna Petrova", "Sergei Volkov", "Kenji Sato", "Yuki Tanaka", "Mikhail Orlov", "Olga Smirnova")
ORGS = ("the regional government", "the fisheries agency", "the border service", "the port authority", "the ministry")
RU_ORGS_LOC = ("правительстве области", "Росрыболовстве", "пограничной службе", "администрации порта", "министерстве")


def _slots(rng: random.Random, language: str, first: Place, second: Place) -> dict[str, str]:
    """Fill every slot a template of ``language`` may use (unused ones are ignored by str.format)."""
    month = rng.randrange(12)
    slots = {
        "n": f"{rng.randrange(20, 9000):,}", "n2": str(rng.randrange(2, 12)), "n3": str(rng.randrange(30, 900)),
        "pct": str(rng.randrange(3, 70)), "mag": f"{rng.uniform(3.5, 7.4):.1f}", "year": str(rng.randrange(2010, 2031)),
        "month": EN_MONTHS[month], "month_gen": RU_MONTHS_GEN[month], "month_loc": RU_MONTHS_LOC[month],
        "month_ja": f"{month + 1}月", "season": rng.choice(SEASONS), "weekday": rng.choice(WEEKDAYS),
        "person": rng.choice(PEOPLE), "person_gen": rng.choice(RU_PEOPLE_GEN), "org": rng.choice(ORGS),
        "org_loc": rng.choice(RU_ORGS_LOC), "shindo": str(rng.randrange(1, 6)), "speaker": rng.choice(SPEAKERS),
    }
    small = int(slots["n2"])
    slots.update(years_ru=_ru_count(small, "год", "года", "лет"), days_ru=_ru_count(small, "день", "дня", "дней"),
                 weeks_ru=_ru_count(small, "неделю", "недели", "недель"))
    for key, place in (("a", first), ("b", second)):
        if language == "en":
            slots[key] = rng.choice(place.en)
        elif language == "ja":
            slots[key] = rng.choice(place.ja)
        else:
            forms = rng.choice(place.ru)
            slots.update({f"{key}_{case}": form for case, form in forms.items()})
    return slots


def _ru_count(number: int, one: str, few: str, many: str) -> str:
    """Return "2 дня", "5 дней", "21 день": a number with the Russian noun form it takes."""
    if number % 10 == 1 and number % 100 != 11:
        return f"{number} {one}"
    if number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        return f"{number} {few}"
    return f"{number} {many}"


def _sentence(rng: random.Random, template: str, language: str, first: Place, second: Place) -> str:
    text = template.format(**_slots(rng, language, first, second))
    return text[0].upper() + text[1:]


def _pick_place(rng: random.Random, exclude: tuple[Place, ...] = ()) -> Place:
    choices = [place for place in PLACES if place not in exclude]
    return rng.choices(choices, weights=[place.weight for place in choices])[0]


def _paragraph(rng: random.Random, language: str, places: tuple[Place, ...], plain: bool, opening: bool) -> str:
    own, two, none, _titles = SENTENCES[language]
    sentences = []
    for number in range(rng.randint(1, 4)):
        if plain or (not opening or number) and rng.random() < 0.45:
            template, first, second = rng.choice(none), places[0], places[0]
        else:
            first = places[0] if opening and number == 0 else rng.choice(places)
            if rng.random() < 0.2:
                second = rng.choice([place for place in places if place is not first] or [_pick_place(rng, (first,))])
                template = rng.choice(two)
            else:
                template, second = rng.choice(own), first
        sentence = _sentence(rng, template, language, first, second)
        if sentence not in sentences:
            sentences.append(sentence)
    return ("" if language == "ja" else " ").join(sentences)


def generate(count: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """Yield ``count`` articles as (file name, text); the first ``n`` are the same whatever ``count`` is."""
    rng = random.Random(seed)
    titles: set[str] = set()
    days = (LAST_DAY - FIRST_DAY).days
    for number in range(1, count + 1):
        language = rng.choices([code for code, _ in LANGUAGE_WEIGHTS], weights=[w for _, w in LANGUAGE_WEIGHTS])[0]
        date = None if rng.random() < UNDATED_SHARE else FIRST_DAY + dt.timedelta(days=rng.randrange(days + 1))
        places = [_pick_place(rng)]
        for _ in range(rng.choices((0, 1, 2), weights=(45, 40, 15))[0]):
            places.append(_pick_place(rng, tuple(places)))
        places_t = tuple(places)
        for attempt in range(20):
            title = _sentence(rng, rng.choice(SENTENCES[language][3]), language, places_t[0], places_t[-1])
            if title not in titles:
                break
        else:
            title = f"{title} ({number})"
        titles.add(title)
        paragraphs = [_paragraph(rng, language, places_t, plain=False, opening=True)]
        paragraphs += [_paragraph(rng, language, places_t, plain=rng.random() < PLAIN_PARAGRAPH_SHARE, opening=False)
                       for _ in range(rng.randint(4, 15) - 1)]
        source = rng.choice(SOURCES[language])
        header = [f"title: {title}", f"source: {source}"]
        if date is not None:
            header.append(f"date: {date.isoformat()}")
        if rng.random() < URL_SHARE:
            header.append(f"url: https://example.org/{language}/news/{number}")
        if rng.random() >= NO_LANGUAGE_LINE_SHARE:
            header.append(f"language: {language}")
        name = f"{date.isoformat() if date else 'undated'}-{language}-{number}.txt"
        yield name, "\n".join(header) + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_articles(folder: Path | str, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` synthetic articles into ``folder`` (created if missing); return their paths in order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate(count, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


# --- hostile input -----------------------------------------------------------------------------------------

HOSTILE_KINDS = ("names", "gaps", "one-paragraph")


def hostile_article(size_bytes: int = 1_000_000, kind: str = "names") -> bytes:
    """Return one article file of about ``size_bytes`` (keep it under geo.articles.MAX_ARTICLE_BYTES) meant to
    stress parsing, linking and the store:

    * ``names``: paragraphs of ~1 kB (``size_bytes / 400`` if larger) packed with place names in the three
      languages (thousands of mentions);
    * ``gaps``: names broken by long runs of spaces and hyphens, "island of of of", "остров остров", "о. о. о."
      (what would make a backtracking pattern slow);
    * ``one-paragraph``: the ``names`` text with no blank line: a single excerpt of ``size_bytes``.
    """
    if kind not in HOSTILE_KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(HOSTILE_KINDS)}")
    if kind == "gaps":
        unit = ("Southern" + " " * 40 + "Kurils, Kunashir" + " -" * 30 + " Island; island of of of of of Iturup "
                "остров остров остров остров Кунашир о. о. о. о. о. Итуруп " + "\t" * 20 + "国後島島島島 , , , , and and "
                "Habomai" + "-" * 50 + "islets ")
    else:
        unit = ("Kunashir, Iturup, Shikotan and the Habomai islets; the Southern Kurils and the Northern Territories; "
                "на Кунашире, у Итурупа, с Шикотаном и на островах Хабомаи; Курилы, Южные Курилы; "
                "国後島と択捉島、色丹島、歯舞群島、北方領土。Paramushir, Shumshu, Urup and the Kuril Islands. ")
    # Paragraphs of ~1 kB, longer in a larger file: at most ~400 of them (geo.articles refuses over MAX_EXCERPTS).
    paragraph = unit * max(1, max(1000, size_bytes // 400) // len(unit.encode("utf-8")))
    separator = " " if kind == "one-paragraph" else "\n\n"
    header = f"title: Hostile article ({kind}, {size_bytes:,} bytes)\ndate: 2026-01-01\nlanguage: en\n\n"
    body, size = [], len(header.encode("utf-8"))
    step = len((paragraph + separator).encode("utf-8"))
    while size + step <= size_bytes:
        body.append(paragraph)
        size += step
    return (header + separator.join(body or [paragraph]) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.articles", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--count", type=int, default=2000, help="how many articles (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0): same seed, same files")
    args = parser.parse_args(argv)
    paths = write_articles(args.out_dir, args.count, args.seed)
    size = sum(path.stat().st_size for path in paths)
    print(f"wrote {len(paths)} articles ({size:,} bytes) to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
