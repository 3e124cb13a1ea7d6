"""Pieces of real follow-up text, taken from the samples in input/, that the corpus
generator recombines: title verbs, objects and purposes by policy area, status
phrases and comment sentences."""

from __future__ import annotations

__all__ = [
    "COMMITTEES",
    "AREAS",
    "VERBS",
    "PLACES",
    "SAMPLE_TITLES",
    "FORECAST_PHRASES",
    "OUTCOME_PHRASES",
    "SENTENCES",
    "TOPICS",
]

# Every committee code of templates/default/theme.toml (a test checks they agree).
COMMITTEES: tuple[str, ...] = ("KF", "KS", "BUN", "KFN", "MSN", "SAN", "TN", "VON", "VN", "ÖFN")

# Policy areas: the committees that usually own them, what is done, and why.
# A title is VERB + object + purpose + place; grammar is as loose as in real exports.
AREAS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("KS", "SAN"),
        (
            "insatser för att främja arbetet med kommunens och näringslivets kompetensförsörjningsbehov",
            "utbudet av arbetsmarknads- och studieförberedande insatser",
            "insatser för att förkorta personers väg till arbetsmarknaden",
            "integrationsfrämjande insatser utifrån Kommunövergripande satsningar för integration",
            "samverkan med Almi Mitt och Ung Företagsamhet",
            "den lokala arbetsmarknadspolitiken",
        ),
        (
            "",
            " för att fler ska komma i egen försörjning",
            " i samverkan med civilsamhället",
            " utifrån riktlinje för lokal arbetsmarknadspolitik",
            " så att fler unga får en väg till arbete eller studier",
        ),
    ),
    (
        ("KS",),
        (
            "dialogen och processen med företagare kopplat till myndighetsutövning",
            "samarbetet mellan destinationsbolag, handel, fastighetsägare och kommun",
            "åtgärder för att förbättra kommunens placering i Svensk näringslivs ranking",
            "insatser som bidrar till att öka andelen kvinnor som är företagare",
            "den lokala näringslivsutvecklingen genom att dela upp fler upphandlingar i mindre delar",
            "hur miljökrav ska formuleras i upphandlingar",
            "en tydlig och gemensam omvärldsbild av Östersund",
            "en översyn och kvalitetssäkring av investeringsprocessen i sin helhet",
            "resursfördelningsmodellen",
            "en bostadsförsörjningsstrategi",
        ),
        (
            "",
            " så att den på ett tydligare sätt styr mot de kommunövergripande målen",
            " för att möjliggöra för fler och mindre entreprenörer att lämna anbud",
            " för att fler kvinnor ska driva företag",
            " med förvaltningsövergripande perspektiv",
            " inom de möjligheter kommunen har",
        ),
    ),
    (
        ("BUN",),
        (
            "åtgärder för att minska den psykiska ohälsan hos barn- och unga",
            "arbetet med att öka barns välbefinnande genom att lägga ökat fokus på friskfaktorer",
            "insatser för att nå en större andel utrikesfödda föräldrar",
            "Öppna förskolans verksamhet",
            "elevhälsans förebyggande arbete",
        ),
        (
            "",
            " i samverkan med regionen",
            " utifrån ungdomarnas perspektiv",
            " så att fler elever når gymnasiebehörighet",
        ),
    ),
    (
        ("KFN",),
        (
            "fritidsgårdsverksamheten",
            "biblioteket som mötesplats",
            "introduktion till föreningsaktiviteter i samarbete med föreningslivet",
            "språkstöd och tolkning i hela kommunen",
            "en ny evenemangspolicy",
        ),
        (
            "",
            " för att fler barn och unga ska ha en meningsfull fritid",
            " tillsammans med studieförbunden",
        ),
    ),
    (
        ("MSN", "TN"),
        (
            "arbetet för att bostadsbyggande sker i tätorter och landsbygd utanför Östersunds stad",
            "e-tjänster för verksamhetsutövare",
            "dialogmöten med verksamhetsutövare",
            "förvärv av mark för bostadsbyggande utanför centrala Östersund",
            "den reviderade översiktsplanen",
            "kommunens miljömål",
        ),
        (
            "",
            " för att underlätta för verksamhetsutövare",
            " i tätt samarbete med Destination Östersund AB",
            " där den största delen av nyproduktionen sker",
        ),
    ),
    (
        ("VON", "SAN"),
        (
            "integrationsfrämjande insatser med syfte att underlätta rekrytering",
            "inkluderingssamordnarens arbete",
            "samverkan med mödravårdscentralerna, barnavårdscentralerna och familjecentralerna",
            "handledare på arbetsplatser (språkombud)",
        ),
        (
            "",
            " med integrationsfokus",
            " för att stötta individer som är i behov av att integreras på arbetsmarknaden",
        ),
    ),
    (
        ("VN", "KF"),
        (
            "kunskapen om val för förstagångsväljare och grupper med lågt valdeltagande",
            "en valskola inför höstens val",
            "möjligheten att prova på hur det går till att rösta med språkstöd på plats",
        ),
        (
            "",
            " på huvudbiblioteket, Torvalla bibliotek och på Gamla Tingshuset",
            " för att öka valdeltagandet",
        ),
    ),
    (
        ("ÖFN",),
        (
            "rekryteringen av gode män och förvaltare",
            "granskningen av årsräkningar",
            "handläggningen av ärenden om ställföreträdarskap",
        ),
        (
            "",
            " så att handläggningstiderna blir kortare",
            " i samverkan med grannkommunerna",
        ),
    ),
)

VERBS: tuple[str, ...] = (
    "Utveckla",
    "Samordna",
    "Genomför",
    "Ta fram",
    "Utred",
    "Främja",
    "Öka",
    "Stärk",
    "Säkerställ",
    "Förbättra",
    "Skapa",
    "Se över",
    "Följ upp",
    "Tydliggör",
    "Fortsätt",
    "Arbeta för",
    "Anpassa",
    "Prioritera",
    "Kartlägg",
    "Inför",
)

PLACES: tuple[str, ...] = (
    "",
    "",
    "",
    " i hela kommunen",
    " inom kommunens förvaltningar",
    " i Östersunds stadskärna",
    " i tätorter och landsbygd",
    " under mandatperioden",
    " i Brunflo och Lit",
    " i Bjärme och Knytta",
    " i Torvalla",
    " över förvaltningsgränserna",
)

# Titles of the samples, as they are (they recur now and then).
SAMPLE_TITLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Gör Östersunds kommun till den bästa kommunen för kvinnor att driva företag i", ("KS",)),
    ("Samordna insatser för att främja arbetet med kommunens och näringslivets kompetensförsörjningsbehov", ("KS", "SAN")),
    ("Öka och anpassa utbudet av arbetsmarknads- och studieförberedande insatser", ("KS", "SAN")),
    ("Utveckla dialogen och processen med företagare kopplat till myndighetsutövning", ("KS", "MSN", "SAN")),
    ("Genomför integrationsfrämjande insatser utifrån Kommunövergripande satsningar för integration", ("KS", "SAN", "KFN", "BUN", "VON")),
    ("Genomför åtgärder för att minska den psykiska ohälsan hos barn- och unga", ("KS",)),
    ("Öka kunskapen om val för förstagångsväljare och grupper med lågt valdeltagande", ("KS",)),
    ("Ta fram en bostadsförsörjningsstrategi", ("KS",)),
)

# Status sentences without "under året" and the full stop (both are added at random).
FORECAST_PHRASES: tuple[tuple[str, float], ...] = (
    ("Uppdraget bedöms bli genomfört", 0.84),
    ("Uppdraget bedöms inte bli genomfört", 0.13),
    ("Uppdraget bedöms ej bli genomfört", 0.03),
)
OUTCOME_PHRASES: tuple[tuple[str, float], ...] = (
    ("Uppdraget är genomfört", 0.55),
    ("Uppdraget har genomförts", 0.05),
    ("Uppdraget är delvis genomfört", 0.18),
    ("Uppdraget är inte genomfört", 0.18),
    ("Uppdraget är ej genomfört", 0.04),
)

# Comment sentences; "{year}" is the report's year. A few keep the samples'
# words split by old line breaks ("arbetsmarknads- politiken").
SENTENCES: tuple[str, ...] = (
    "Ett flertal aktiviteter har genomförts under årets första månader.",
    "Samverkan är upprättad med Almi Mitt inom ramen för projektet Qlara samt med Ung Företagsamhet (UF-företag).",
    "Projekt Qlara är ett två-årigt projekt som syftar till att ta reda på vad kvinnor tycker och vilka behov de har för att på ett bättre sätt kunna stödja dem i olika frågor.",
    "Såväl externa som interna insatser har genomförts för att förbättra dialog, skapa ökad förståelse och kompetens hos såväl näringsliv som inom kommunen.",
    "Arbetet är under översyn.",
    "Arbetet i styrgruppen för den lokala arbetsmarknads- politiken behöver tydliggöras framåt samt också en översyn av hur uppdragen idag är formulerade utifrån ett samverkans- perspektiv.",
    "Att inte mäta och följa upp på samma parametrar försvårar samverkan över förvaltningsgränserna.",
    "Arbetet hänger också ihop med arbetsmarknadsverksamhetens stora förändringsarbete där många delar ses över för att leda till förbättrade insatser för både deltagare och arbetsgivare.",
    "Mark- och exploateringskontoret har ett utökat fokus på att förvärva mark för bostadsbyggande utanför centrala Östersund, där den största delen av nyproduktionen sker.",
    "Kommunen har förvärvat fastigheter i bland annat Bjärme och Knytta under våren {year}.",
    "Arbetet med att genomföra åtgärder som kan leda till att vi får fler och mer anpassade platser pågår för fullt.",
    "Den omorganisation som genomförts inom sektorn, som bildat nya arbets- marknadsenheten, är ett steg i detta arbete.",
    "Upphandlingskontoret har följt gällande lagstiftning som säger att varje upphandling ska delas upp i mindre delar.",
    "I de fall det inte varit möjligt eller om det inte har varit att föredra så har kommunen motiverat varför inte upphandlingen delats upp.",
    "Upphandlingskontoret har under {year} anordnat anbudsskolor för att lära leverantörer hur anbud ska lämnas för att öka andelen inlämnade anbud.",
    "En utredning har gjorts av Upphandlingskontoret i samverkan med Näringslivskontoret kring kravställande i kommunens offentliga upphandlingar.",
    "Företagslotsen har fortsatt sitt arbete, bl.a. genom att kommunen har utvecklat tillståndsguiden.",
    "E-tjänster utvecklas kontinuerligt och samverkan har inletts med samhällsbyggnadsförvaltningen där fyra olika dialoggrupper tillskapats.",
    "En förenklad upplaga av Riktlinjer för serveringstillstånd har beslutats och publicerats.",
    "Miljö och hälsa planerar att genomföra dialogmöten med verksamhetsutövare.",
    "Dialogmötena har skjutits på framtiden på grund av Coronapandemin och det pressade läget för näringslivet.",
    "Förvaltningen fortsätter att utveckla e-tjänster för att underlätta för verksamhetsutövare.",
    "Under året har samarbetet mellan destinationsbolag, handel, fastighetsägare och kommun utvecklats.",
    "Bland annat deltar alla parter i en styrgrupp för stadskärnans utveckling.",
    "Samarbetet har också stärkts med anledning av rådande pandemi där parterna tillsammans arbetat fram flera stödpaket som kommunen finansierat.",
    "Flera aktiviteter har genomförts under året.",
    "Kvinnliga näringslivsprofiler har aktivt lyfts fram i samband med t.ex. utbildningar och företagsträffar.",
    "En tillfälligt anställd tjänsteman har arbetat med bland annat detta uppdrag under maj till december {year}.",
    "Arbete pågår inom Mark- och exploateringskontoret men är inte klart.",
    "Kartläggningsteam är inrättat och handlingsplan utifrån riktlinje för lokal arbetsmarknadspolitik är framtagen.",
    "Ett flertal insatser har gjorts under året utifrån uppdraget.",
    "Bland annat har kommunen varit delaktiga i projektet Arbetsmarknadskunskap tillsammans med Handelskammaren.",
    "En omfattande näringslivsundersökning har genomförts där ett stort antal av kommunens företag tillfrågats om bland annat sitt kompetensförsörjningsbehov.",
    "Underlaget från undersökningen kommer att ligga som underlag för kommande aktiviteter under {next_year}.",
    "En rad olika aktiviteter och insatser har gjorts i de olika förvaltningarna.",
    "Framskrivande av en roll för att koordinera arbetet gentemot arbetsgivare pågår.",
    "Kultur- och fritidsnämnden har bland annat anställt språkstödjare och stöttar med tolkning i hela kommunen.",
    "Fritidsgårdsverksamheten har beviljats medel från Länsstyrelsen som gjort det möjligt att anställa en person med musik som bas.",
    "I samverkan med civilsamhället pågår ett utvecklingsarbete för att skapa introduktion till föreningsaktiviteter.",
    "Exempelvis \"Barn i start\", ett samarbete med Svenska kyrkan för en lyckad anpassning och integration sett till barnets egna migrationsprocess.",
    "Vård- och omsorgsnämnden har fortsatt sitt arbete med integrationsfrämjande insatser med syfte att underlätta rekrytering.",
    "Löpande arbete med profilering av platsen har pågått i tätt samarbete med Destination Östersund AB.",
    "En kännedomsundersökning genomfördes i januari, vilken visar att kännedomen om den nya profilen ökat något",
    "Under hösten behöver processen samordnas och tydliggöras när det gäller styrdokument och olika samarbeten för att uppdraget ska bli genomfört under året.",
    "Hälsoworkshop genomfördes den 5 maj där ungdomar, politiker och deltagare från kommunen, regionen samt ideell eller privat sektor närvarade.",
    "Resultatet kommer att redovisas vid Tertial 2.",
    "Arbete pågår också med att identifiera vilka processer som har störst påverkan för barns hälsa.",
    "Ny riktlinje för investeringsprocessen antogs i Kommunstyrelsen i februari {year}.",
    "Det återstår att identifiera en lämplig programvara som stöder den nya processen på ett bra sätt.",
    "Inledande möte har hållits i maj {year} mellan område Strategi & styrning och område Ekonomi.",
    "Plan har upprättats och kommer fortgå under hösten {year}.",
    "Biblioteket, Hej främling och studieförbundet ABF avser att anordna en valskola inför höstens val.",
    "Det kommer också att vara möjligt att få prova på hur det går till att rösta med språkstöd på plats.",
    "Arbetet har försenats på grund av vakanser och kommer att återupptas under {next_year}.",
    "Uppdraget har samordnats med andra pågående utvecklingsarbeten inom området.",
    "En delrapport presenterades för nämnden i oktober {year}.",
)

# Topics of the file names of one period ("2022-T1-naringsliv.txt").
TOPICS: tuple[str, ...] = (
    "naringsliv",
    "hallbarhet-och-styrning",
    "naringsliv-och-integration",
    "valfard",
    "samhallsbyggnad",
)
