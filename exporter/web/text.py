"""The page's own words, in Swedish (the default) and English.

A message is a key and its facts (`Message`), put into words only when a page is
drawn, in the language the browser session chose. The documents' names for things
(Word, Excel, tertial, committee) are the ones the documents use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["LANGUAGES", "Message", "words"]

LANGUAGES = ("sv", "en")

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Uppföljning till dokument", "Follow-up to documents"),
    "lead": (
        "Lägg in tertialens export, se vad som lästes och vad som är fel, välj vad du vill göra och hämta dokumenten.",
        "Add the tertial's export, see what was read and what is wrong, choose what to make and download the documents.",
    ),
    "skip": ("Hoppa till innehållet", "Skip to content"),
    "language_switch": ("In English", "På svenska"),
    "error_summary": ("Det finns ett problem", "There is a problem"),
    "step_upload": ("1. Välj exportfilerna", "1. Choose the export files"),
    "upload_label": ("Exportfiler", "Export files"),
    "upload_hint": (
        "En eller flera .txt-filer, en records.json eller en .zip med dem. Högst {max_mb} MB och {max_files} filer.",
        "One or more .txt files, a records.json, or a .zip of them. At most {max_mb} MB and {max_files} files.",
    ),
    "drop_here": ("eller släpp filerna här", "or drop the files here"),
    "upload_button": ("Läs filerna", "Read the files"),
    "step_read": ("2. Det här lästes", "2. What was read"),
    "file": ("Fil", "File"),
    "files": ("Filer", "Files"),
    "period": ("Period", "Period"),
    "records": ("Poster", "Records"),
    "no_period": ("ingen", "none"),
    "records_by_committee": ("Poster per period och ansvarig nämnd", "Records per period and lead committee"),
    "committee": ("Nämnd", "Committee"),
    "total": ("Totalt", "Total"),
    "diagnostics": ("Meddelanden", "Diagnostics"),
    "level": ("Nivå", "Level"),
    "line": ("Rad", "Line"),
    "message": ("Meddelande", "Message"),
    "level_error": ("fel", "error"),
    "level_warning": ("varning", "warning"),
    "level_info": ("info", "info"),
    "no_diagnostics": ("Inga fel eller varningar.", "No errors or warnings."),
    "read_summary": (
        "{files} filer, {records} poster, {periods} perioder: {errors} fel, {warnings} varningar.",
        "{files} files, {records} records, {periods} periods: {errors} errors, {warnings} warnings.",
    ),
    "errors_block": (
        "Indata har {count} fel. Rätta filerna och läs in dem igen: inga dokument kan göras förrän felen är borta.",
        "The input has {count} errors. Correct the files and read them again: no documents can be made until "
        "the errors are gone.",
    ),
    "warnings_shown": (
        "Indata har {count} varningar. Dokumenten kan göras; läs varningarna först.",
        "The input has {count} warnings. The documents can be made; read the warnings first.",
    ),
    "diagnostic_link": ("{file} rad {line}: {message}", "{file} line {line}: {message}"),
    "step_choose": ("3. Välj vad som ska göras", "3. Choose what to make"),
    "documents": ("Dokument", "Documents"),
    "format_docx": ("Word-rapport (.docx)", "Word report (.docx)"),
    "format_xlsx": ("Excel-statusmatris (.xlsx)", "Excel status matrix (.xlsx)"),
    "format_pdf": ("PDF-rapport (.pdf)", "PDF report (.pdf)"),
    "format_html": ("Webbsida (.html)", "Web page (.html)"),
    "format_pdfa": ("Arkivexemplar (PDF/A, .zip med kontrollsummor)", "Archive copy (PDF/A, .zip with checksums)"),
    "period_latest": (
        "Senaste tertialen ({period}): rapporterna för den och hela statusmatrisen",
        "The latest tertial ({period}): its reports and the full status matrix",
    ),
    "period_all": ("Alla perioder", "Every period"),
    "period_hint": (
        "Statusmatrisen omfattar alltid alla perioder; rapporterna och arkivet den period du väljer.",
        "The status matrix always covers every period; the reports and the archive the period you choose.",
    ),
    "doc_language": ("Dokumentens språk", "Language of the documents"),
    "lang_sv": ("Svenska", "Swedish"),
    "lang_en": ("Engelska", "English"),
    "grouping": ("Ordning i rapporten", "Order in the report"),
    "group_source": ("Som i indata", "As in the input"),
    "group_committee": ("Per nämnd", "By committee"),
    "group_status": ("Per status", "By status"),
    "committees": ("Nämnder", "Committees"),
    "committees_hint": ("Inget val: alla nämnder.", "None chosen: every committee."),
    "title_page": ("Uppgifter för titelsidan", "Facts for the title page"),
    "case_number": ("Diarienummer", "Case number"),
    "meeting": ("Sammanträde eller mottagare", "Meeting or recipient"),
    "contact": ("Kontaktperson", "Contact"),
    "report_date": ("Rapportens datum", "The report's date"),
    "report_date_hint": ("Tomt: periodens sista dag.", "Empty: the period's last day."),
    "template": ("Mall", "Template"),
    "template_default": ("Standard", "Default"),
    "build_button": ("Gör dokumenten", "Make the documents"),
    "step_result": ("4. Dokumenten", "4. The documents"),
    "back": ("Tillbaka till sidan", "Back to the page"),
    "build_queued": ("Upptaget: {ahead} före dig i kön.", "Busy: {ahead} ahead of you in the queue."),
    "build_starting": ("Bygget startar.", "The build is starting."),
    "build_running": ("{done} av {total} dokument klara.", "{done} of {total} documents done."),
    "build_running_last": ("{done} av {total} dokument klara; senast {name}.",
                           "{done} of {total} documents done; the last {name}."),
    "build_refresh": ("Uppdatera", "Refresh"),
    "build_done": ("Klart: {count} filer.", "Done: {count} files."),
    "build_failed": ("Dokumenten kunde inte göras", "The documents could not be made"),
    "build_warnings": ("Varningar från bygget", "Warnings of the build"),
    "download_all": ("Hämta alla som .zip", "Download all as a .zip"),
    "download_archive": ("Hämta arkivet som .zip (med SHA256SUMS)", "Download the archive as a .zip (with SHA256SUMS)"),
    "preview": ("Förhandsvisning av webbsidan {name}", "Preview of the web page {name}"),
    "bytes": ("{size} kB", "{size} kB"),
    "not_found": ("Det finns inget här.", "There is nothing here."),
    "not_found_detail": (
        "Länken finns inte, eller hör till en annan webbläsarsession, eller har tagits bort (efter {hours} timme).",
        "The link does not exist, or belongs to another browser session, or has been deleted (after {hours} hour).",
    ),
    "server_error": ("Något gick fel i tjänsten.", "Something went wrong in the service."),
    "server_error_detail": (
        "Försök igen. Händer det igen, säg till IT vad du gjorde och när.",
        "Try again. If it happens again, tell IT what you did and when.",
    ),
    "not_allowed": ("Det går inte att göra så här.", "That cannot be done here."),
    # Refusals of an upload or a form: each names what was wrong and what to do.
    "no_files": ("Välj minst en fil att läsa in.", "Choose at least one file to read."),
    "too_large": (
        "Uppladdningen är större än {max_mb} MB. Dela upp den, eller be IT starta tjänsten med en högre gräns.",
        "The upload is larger than {max_mb} MB. Split it, or ask IT to start the service with a higher limit.",
    ),
    "too_many_files": (
        "Uppladdningen har fler än {max_files} filer. Lägg in färre åt gången.",
        "The upload holds more than {max_files} files. Add fewer at a time.",
    ),
    "unpacks_too_large": (
        "{name} packas upp till mer än {max_mb} MB; den läses inte (en zip-bomb?).",
        "{name} unpacks to more than {max_mb} MB; it is not read (a zip bomb?).",
    ),
    "nested_zip": (
        "{name} ligger i en zip-fil i en annan; zip-filer i zip-filer läses inte. Packa upp den inre först.",
        "{name} is a zip inside a zip; zips inside zips are not read. Unpack the inner one first.",
    ),
    "bad_zip": ("{name} är ingen läsbar zip-fil.", "{name} is not a readable zip file."),
    "encrypted_zip": ("{name} är krypterad; lägg in den okrypterad.", "{name} is encrypted; add it unencrypted."),
    "unsafe_name": (
        "Namnet {name} pekar ut ur mappen (../ eller en absolut sökväg); filen läses inte.",
        "The name {name} points out of the folder (../ or an absolute path); the file is not read.",
    ),
    "bad_name": (
        "Namnet {name} går inte att använda (tecken som inte är UTF-8, styrtecken eller för långt).",
        "The name {name} cannot be used (bytes that are not UTF-8, control characters, or too long).",
    ),
    "duplicate_name": ("Två filer heter {name}; byt namn på den ena.", "Two files are called {name}; rename one."),
    "wrong_type": (
        "{name} är varken .txt, .json eller .zip; bara sådana filer läses.",
        "{name} is not a .txt, .json or .zip; only those are read.",
    ),
    "binary_file": (
        "{name} är en binär fil, inte en text. Spara uppföljningen som text (.txt) och lägg in den igen.",
        "{name} is a binary file, not a text. Save the follow-up as text (.txt) and add it again.",
    ),
    "no_upload": ("Lägg in exportfilerna först.", "Add the export files first."),
    "no_documents_chosen": ("Välj minst ett dokument.", "Choose at least one document."),
    "bad_choice": ("Värdet för {field} finns inte att välja.", "The value for {field} is not one of the choices."),
    "bad_date": ("Datumet ska skrivas som 2022-05-31.", "Write the date like 2022-05-31."),
    "too_long": ("{field} får vara högst {max} tecken.", "{field} may be at most {max} characters."),
    "input_has_errors": (
        "Indata har fel; rätta dem och läs in filerna igen.",
        "The input has errors; correct them and read the files again.",
    ),
    "busy": (
        "Tjänsten är upptagen: {ahead} byggen före dig. Försök igen om en stund.",
        "The service is busy: {ahead} builds ahead of you. Try again in a while.",
    ),
    "session_expired": (
        "Sessionen har gått ut eller formuläret är för gammalt. Ladda om sidan och försök igen.",
        "The session has expired or the form is too old. Reload the page and try again.",
    ),
    "timed_out": (
        "Bygget tog längre än {seconds} sekunder och stoppades; inget skrevs. Välj färre dokument eller en period.",
        "The build took longer than {seconds} seconds and was stopped; nothing was written. "
        "Choose fewer documents or one period.",
    ),
    "worker_died": (
        "Bygget avbröts oväntat (processen som gjorde dokumenten tog slut); inget skrevs. Försök igen.",
        "The build stopped unexpectedly (the process making the documents ended); nothing was written. Try again.",
    ),
    "build_error": ("{detail}", "{detail}"),
    "shutting_down": ("Tjänsten stängs av.", "The service is shutting down."),
}


@dataclass(frozen=True)
class Message:
    """Something to tell the user: a key of the page's words and its facts; `target`
    is the id of the form field or row it is about (the error summary links to it)."""

    key: str
    facts: dict[str, Any] = field(default_factory=dict)
    target: str = ""

    def __hash__(self) -> int:  # facts are plain values
        return hash((self.key, tuple(sorted(self.facts.items())), self.target))


def words(lang: str):
    """A function `t(key, **facts)` that gives the page's words in `lang`; a Message
    may be given in place of a key."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0

    def t(key: str | Message, **facts: Any) -> str:
        if isinstance(key, Message):
            return _WORDS[key.key][index].format(**{**key.facts, **facts})
        return _WORDS[key][index].format(**facts)

    return t
