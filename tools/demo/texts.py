"""The demo tours' texts in English, Simplified Chinese and Uyghur (Arabic script).

Only facts found in the sources listed in ``assets/<site>/README.md`` are stated; numbers we could
not source (cave counts, exact dates of individual buildings) are left out on purpose. The Chinese
and Uyghur texts were written by the developers and deserve a native speaker's review.
Keys: ``title`` and ``text`` per anchor id (tools/demo/jiaohe.py, kizil.py), per scene id and for
the tour itself.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh-Hans", "ug")

SILK_ROADS = {
    "en": "Part of the UNESCO World Heritage serial property “Silk Roads: the Routes Network of "
          "Chang'an-Tianshan Corridor” (inscribed 2014).",
    "zh-Hans": "“丝绸之路：长安—天山廊道的路网”世界文化遗产（2014年列入）的组成部分。",
    "ug": "«يىپەك يولى: چاڭئەن — تەڭرىتاغ كارىدورىنىڭ يول تورى» دۇنيا مەدەنىيەت مىراسىنىڭ (2014-يىلى تىزىملانغان) بىر قىسمى.",
}

ILLUSTRATION = {
    "en": "A procedural illustration made by vtour's own generator, not a survey: layout, sizes, "
          "textures and paintings are simplified and invented.",
    "zh-Hans": "本场景由 vtour 自带的生成器以程序方式生成，仅为示意，并非测绘成果：布局、尺寸、纹理和壁画均经简化或虚构。",
    "ug": "بۇ مەنزىرە vtour نىڭ ئۆز ياسىغۇچىسى بىلەن پروگرامما ئارقىلىق ياسالغان تەسۋىر، ئۆلچەش نەتىجىسى ئەمەس: "
          "ئورۇنلاشتۇرۇش، چوڭلۇق، يۈز ۋە رەسىملەر ئاددىيلاشتۇرۇلغان ياكى توقۇلغان.",
}


def _t(en: str, zh: str, ug: str) -> dict[str, str]:
    return {"en": en, "zh-Hans": zh, "ug": ug}


JIAOHE = {
    "tour": _t("Jiaohe Ruins (procedural illustration)", "交河故城（程序生成示意）",
               "جياۋخې قەدىمىي شەھىرى (پروگراممىلىق تەسۋىر)"),
    "scenes": {
        "site": _t("Jiaohe from above", "交河故城鸟瞰", "جياۋخې قەدىمىي شەھىرىنىڭ ئۈستىدىن كۆرۈنۈشى"),
        "south-gate": _t("South gate", "南门", "جەنۇبىي دەرۋازا"),
        "avenue": _t("Central avenue", "中央大道", "مەركىزىي كوچا"),
        "great-monastery": _t("Great Monastery", "大佛寺", "چوڭ بۇتخانا"),
        "stupa-grove": _t("Stupa grove", "塔林", "سۇپا ئورمىنى"),
        "cliff-edge": _t("Cliff edge", "崖岸", "يار بويى"),
    },
    "anchors": {
        "avenue-wall": (
            _t("A city between two rivers", "两河之间的城市", "ئىككى دەريا ئارىسىدىكى شەھەر"),
            _t("Jiaohe stands on a long, narrow terrace of loess between two channels of a river. "
               "The <i>Book of Han</i> says the river divides and flows around the city below it, "
               "which is why it was called Jiaohe, “where the rivers meet”.",
               "交河故城坐落在两条河道之间狭长的黄土台地上。《汉书·西域传》记载：“河水分流绕城下，故号交河。”",
               "جياۋخې ئىككى دەريا ئېقىنى ئارىسىدىكى ئۇزۇن، تار سېرىق توپا سۇپىسىغا جايلاشقان. «خەنزۇنامە» دە "
               "دېيىلىشىچە، دەريا سۇيى ئىككىگە بۆلۈنۈپ شەھەرنىڭ ئاستىدىن ئايلىنىپ ئاققاچقا، ئۇ «جياۋخې» "
               "(«دەريالار ئۇچراشقان جاي») دەپ ئاتالغان."),
        ),
        "carved-dwelling": (
            _t("Carved, not built", "向下掘土而成", "قۇرۇلماي، ئويۇپ ياسالغان"),
            _t("Much of the city was made by digging down into the loess: streets, courtyards and "
               "rooms were cut out of the terrace, and walls of rammed earth were added where needed.",
               "城中许多街道、院落和房屋是从台地向下挖掘黄土而成，需要时再用夯土筑墙补充。",
               "شەھەرنىڭ كۆپ قىسمى سېرىق توپىنى ئاستىغا قېزىش ئارقىلىق ياسالغان: كوچا، ھويلا ۋە ئۆيلەر "
               "سۇپىدىن ئويۇپ چىقىرىلغان، زۆرۈر بولغاندا سوقما تام قوشۇلغان."),
        ),
        "monastery-stupa": (
            _t("The Great Monastery", "大佛寺", "چوڭ بۇتخانا"),
            _t("A large Buddhist temple compound at the north end of the central avenue. In its main "
               "hall a square pillar stood at the centre, for worshippers to walk around.",
               "位于中央大道北端的大型佛教寺院。正殿中央立有方形塔柱，供信众绕行礼拜。",
               "مەركىزىي كوچىنىڭ شىمالىي ئۇچىدىكى چوڭ بۇددىزم بۇتخانىسى. ئاساسىي زالنىڭ ئوتتۇرىسىدا "
               "ئىبادەت قىلغۇچىلار ئايلىنىپ ماڭىدىغان چاسا تۈۋرۈك بار ئىدى."),
        ),
        "central-stupa": (
            _t("The stupa grove", "塔林", "سۇپا ئورمىنى"),
            _t("At the north of the city a large central stupa is surrounded by four groups of "
               "twenty-five small stupas: 101 stupas in all.",
               "城北的塔林以一座大塔为中心，四周各有二十五座小塔，共一百零一座。",
               "شەھەرنىڭ شىمالىدا بىر چوڭ مەركىزىي سۇپا تۆت تەرىپىدىكى يىگىرمە بەشتىن كىچىك سۇپا بىلەن "
               "ئورالغان: جەمئىي 101 سۇپا."),
        ),
        "cliff": (
            _t("Cliffs for walls", "以崖为墙", "يار — تام ئورنىدا"),
            _t("Steep cliffs about thirty metres high drop to the riverbeds on every side, so the "
               "city had natural defences and did not need a city wall.",
               "台地四周是约三十米高的陡崖，直落河床，天然险要，因此城市无需修筑城墙。",
               "سۇپىنىڭ ھەر تەرىپى دەريا ئوقىتىغىچە تىك چۈشكەن تەخمىنەن ئوتتۇز مېتىر ئېگىزلىكتىكى يار، "
               "شۇڭا شەھەرنىڭ تەبىئىي مۇداپىئەسى بولۇپ، سېپىل سېلىشقا ھاجەت بولمىغان."),
        ),
        "river": (
            _t("Capital of Jushi, seat of the Anxi Protectorate", "车师前国都城，安西都护府治所",
               "جۇشى پايتەختى، ئەنشى قورۇقچى مەھكىمىسىنىڭ ئورنى"),
            _t("Jiaohe was the capital of the kingdom of Jushi (Nearer Jushi). In 640 the Tang "
               "dynasty set up its Anxi Protectorate here, before moving it west to Kucha. "
               + SILK_ROADS["en"],
               "交河曾是车师前国的都城。公元640年，唐朝在此设立安西都护府，后迁往龟兹。" + SILK_ROADS["zh-Hans"],
               "جياۋخې جۇشى (ئالدىنقى جۇشى) خانلىقىنىڭ پايتەختى ئىدى. 640-يىلى تاڭ سۇلالىسى بۇ يەردە ئەنشى "
               "قورۇقچى مەھكىمىسىنى قۇرغان، كېيىن ئۇنى غەربتىكى كۇچاغا يۆتكىگەن. " + SILK_ROADS["ug"]),
        ),
    },
    "area": _t("The central stupa", "中心大塔", "مەركىزىي سۇپا"),
    "guided": _t("A walk through Jiaohe", "漫步交河故城", "جياۋخې بويلاپ سەير"),
}

KIZIL = {
    "tour": _t("Kizil Thousand-Buddha Caves (procedural illustration)", "克孜尔千佛洞（程序生成示意）",
               "قىزىل مىڭ ئۆي (پروگراممىلىق تەسۋىر)"),
    "scenes": {
        "site": _t("A central-pillar cave", "中心柱窟", "مەركىزىي تۈۋرۈكلۈك ئۆڭكۈر"),
        "entrance": _t("Entrance", "窟门", "كىرىش ئېغىزى"),
        "main-chamber": _t("Main chamber", "主室", "ئاساسىي ئۆي"),
        "rear-corridor": _t("Rear corridor", "后甬道", "ئارقا يولاق"),
    },
    "anchors": {
        "cliff-face": (
            _t("Caves in the cliff", "开凿于崖壁的石窟", "يارغا ئويۇلغان ئۆڭكۈرلەر"),
            _t("The Kizil caves are cut into the cliffs above the Muzat River, west of Kucha. Carving "
               "began around the 3rd century, making Kizil one of the earliest large Buddhist cave "
               "complexes in China. " + SILK_ROADS["en"],
               "克孜尔石窟开凿在库车以西木扎提河畔的崖壁上，约始凿于公元3世纪，是中国最早的大型佛教石窟群之一。"
               + SILK_ROADS["zh-Hans"],
               "قىزىل ئۆڭكۈرلىرى كۇچانىڭ غەربىدىكى مۇزات دەرياسى بويىدىكى يارلارغا ئويۇلغان. ئويۇش تەخمىنەن "
               "3-ئەسىردە باشلانغان بولۇپ، قىزىل جۇڭگودىكى ئەڭ بۇرۇنقى چوڭ بۇددىزم ئۆڭكۈر توپلىرىنىڭ بىرى. "
               + SILK_ROADS["ug"]),
        ),
        "niche": (
            _t("The central pillar", "中心柱", "مەركىزىي تۈۋرۈك"),
            _t("This is a central-pillar cave, the type typical of Kucha. A niche in the front of "
               "the pillar held a statue of the Buddha; worshippers walked around the pillar through "
               "the side and rear corridors.",
               "这是龟兹地区典型的中心柱窟。中心柱正面开龛，原供佛像；信众经左右甬道和后甬道绕柱礼拜。",
               "بۇ كۇچا رايونىغا خاس مەركىزىي تۈۋرۈكلۈك ئۆڭكۈر. تۈۋرۈكنىڭ ئالدى تەرىپىدىكى تەكچىدە بۇددا "
               "ھەيكىلى بار ئىدى؛ ئىبادەت قىلغۇچىلار يان ۋە ئارقا يولاقلار ئارقىلىق تۈۋرۈكنى ئايلىنىپ ماڭاتتى."),
        ),
        "lozenge-ceiling": (
            _t("The lozenge ceiling", "菱格顶", "رومب نۇسخىلىق تورۇس"),
            _t("The vault is covered with rows of diamond-shaped mountain motifs, each framing a "
               "story of the Buddha's former lives (jātaka) or of his deeds: a hallmark of Kizil.",
               "券顶绘满菱格状的山峦纹样，每一菱格内画一则本生或因缘故事，这是克孜尔壁画的标志。",
               "گۈمبەز تورۇس رومب شەكىللىك تاغ نۇسخىلىرى بىلەن قاپلانغان، ھەر بىر رومب ئىچىدە بۇددانىڭ "
               "ئىلگىرىكى ھاياتى (جاتاكا) ياكى ئىشلىرى ھەققىدىكى بىر ھېكايە سىزىلغان — بۇ قىزىلنىڭ بەلگىسى."),
        ),
        "left-wall-panel": (
            _t("The Kucha palette", "龟兹的色彩", "كۇچا رەڭلىرى"),
            _t("Kizil's painters used blue from lapis lazuli, greens from copper minerals, and reds "
               "and ochres from earth pigments, on a ground of white plaster.",
               "克孜尔画师使用青金石的蓝色、铜矿物的绿色以及土质颜料的红色和赭色，绘于白色地仗之上。",
               "قىزىل رەسساملىرى ئاق سۇۋاق ئۈستىگە لاجۇۋەرت تېشىدىن كۆك، مىس مىنېراللىرىدىن يېشىل ۋە "
               "توپا بوياقلىرىدىن قىزىل ۋە سۇس قىزىل رەڭ ئىشلەتكەن."),
        ),
        "parinirvana": (
            _t("The Buddha's passing", "涅槃", "نىرۋانا"),
            _t("The rear corridor often shows the Buddha's parinirvana, his passing into nirvana, "
               "as a long reclining figure.",
               "后甬道常绘佛陀涅槃，即佛陀入灭的情景，以一尊长长的卧像表现。",
               "ئارقا يولاقتا كۆپىنچە بۇددانىڭ پارىنىرۋاناسى — نىرۋاناغا كىرىشى ئۇزۇن ياتقان سىيما بىلەن سىزىلىدۇ."),
        ),
    },
    "area": _t("The niche", "佛龛", "تەكچە"),
    "guided": _t("Around the central pillar", "绕柱礼拜", "تۈۋرۈكنى ئايلىنىپ"),
}


SOURCES = {
    "jiaohe": [
        "UNESCO World Heritage Centre, “Silk Roads: the Routes Network of Chang'an-Tianshan Corridor” "
        "(property 1442, inscribed 2014), https://whc.unesco.org/en/list/1442 — Jiaohe and Kizil are "
        "component sites; the listing describes Jiaohe's loess terrace between two river channels, the "
        "city carved into the earth, and its role as capital of the Jushi kingdom.",
        "Ban Gu, *Book of Han* (汉书), “Treatise on the Western Regions” (西域传): “河水分流绕城下，故号交河” "
        "— the origin of the name.",
        "The Anxi Protectorate (安西都护府), set up by the Tang at Jiaohe in 640 and moved to Kucha later: "
        "*New Book of Tang* (新唐书) and *Old Book of Tang* (旧唐书), geography and Western Regions chapters.",
        "The stupa grove of 101 stupas and the Great Monastery's central pillar: the site's own "
        "interpretation panels and the Turpan Cultural Relics Bureau's descriptions of the site.",
    ],
    "kizil": [
        "UNESCO World Heritage Centre, “Silk Roads: the Routes Network of Chang'an-Tianshan Corridor” "
        "(property 1442, inscribed 2014), https://whc.unesco.org/en/list/1442: Kizil Cave-Temple Complex, cut into the "
        "cliffs along the Muzat River west of Kucha, with the central-pillar caves and lozenge-pattern "
        "ceilings characteristic of Kucha Buddhist art.",
        "Kizil Grottoes Research Institute (新疆龟兹研究院) publications on the Kucha central-pillar cave, "
        "the lozenge (菱格) ceiling with jātaka and avadāna scenes, the parinirvana in the rear corridor, "
        "and the pigments (lapis lazuli blue, copper greens, earth reds).",
    ],
}

SITE_README = """# {title}

**A procedural illustration, not a survey.** No openly licensed photographs or scans of this
site were available to us, so everything here was generated by vtour's own tool,
`tools/make_demo_tours.py` (seed {seed}): {what}. The panoramas were rendered from viewpoints
inside the model by vtour's renderer, so panoramas and model agree, and each panorama carries
its pose in the model (the overview). Sizes, layout, textures and paintings are simplified or
invented; only the texts state facts, and only those found in the sources below.

Regenerate with `python tools/make_demo_tours.py --site {site}` (a few minutes; the same
version and seed give the same files on the same Mesa build).

- `model.glb`: the site model ({triangles} triangles); `sky.hdr`: the procedural daylight sky
  that lights it and is drawn behind it.
- `panoramas/*.jpg`: {panoramas} equirectangular panoramas ({pano_width}x{pano_height}).
- `site-map.png`: a top-down render, north up, with the panoramas placed on it.
- `tour.json`: the tour: the model scene with 3D hotspots, panorama scenes with 2D hotspots aimed
  at the same places, links, a polygon area, a guided tour and texts in English, Simplified
  Chinese and Uyghur. The Chinese and Uyghur texts were written by the developers and deserve a
  native speaker's review.

## Sources for the texts

{sources}

Numbers we could not source (for example the count of caves or the dates of individual
buildings) are left out on purpose. The texts were written from these sources as the developers
know them; the machine they were written on had no web access, so the citations were not
re-checked online at the time: a curator should confirm them before a public installation.

Licence: the same as vtour (MIT); nothing here comes from a third party.
"""
