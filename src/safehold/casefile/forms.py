from django import forms

from safehold.web.forms import GovukDateField, GovukForm

from .models import Document, NoteKind


class CaseNoteForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of note", choices=[("", "Choose"), *NoteKind.choices],
                             error_messages={"required": "Choose the kind of note"})
    occurred_on = GovukDateField(label="Date it happened", label_text="the date it happened",
                                 error_messages={"required": "Enter the date it happened"})
    subject = forms.CharField(label="Subject", max_length=200,
                              error_messages={"required": "Enter a subject: a few words on what the note is about"})
    text = forms.CharField(label="The note", widget=forms.Textarea(attrs={"rows": 14}),
                           error_messages={"required": "Write the note"})


class CaseNoteCorrectForm(CaseNoteForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Why you are correcting it", max_length=300,
                             error_messages={"required": "Say why the note is corrected"})


class TemplateForm(GovukForm):
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter the template's name"})
    kind = forms.ChoiceField(label="Kind of note it is for", choices=[("", "Choose"), *NoteKind.choices],
                             error_messages={"required": "Choose the kind of note it is for"})
    body = forms.CharField(label="Headings and prompts", widget=forms.Textarea(attrs={"rows": 12}),
                           error_messages={"required": "Write the template's headings and prompts"})
    is_active = forms.BooleanField(label="Offered to workers", required=False, initial=True)


class DocumentForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title for the document"})
    kind = forms.ChoiceField(label="Kind of document", choices=[("", "Choose"), *Document.Kind.choices],
                             error_messages={"required": "Choose what kind of document it is"})
    upload = forms.FileField(label="File", help_text="PDF, Word (.docx), OpenDocument text, plain text, PNG or JPEG",
                             error_messages={"required": "Choose a file to upload"})


class LetterTemplateForm(GovukForm):
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter the template's name"})
    subject = forms.CharField(label="Subject line", max_length=200, error_messages={"required": "Enter the subject"})
    body = forms.CharField(label="The letter", widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="Placeholders filled from the record: {child_name}, {child_first_name}, "
                                     "{recipient_name}, {worker_name}, {worker_role}, {team}, {council}, {date}",
                           error_messages={"required": "Write the letter"})
    is_active = forms.BooleanField(label="Offered to workers", required=False, initial=True)


class LetterForm(GovukForm):
    recipient_name = forms.CharField(label="To", max_length=200, error_messages={"required": "Enter who the letter is to"})
    recipient_address = forms.CharField(label="Address", widget=forms.Textarea(attrs={"rows": 4}),
                                        error_messages={"required": "Enter the address it goes to"})
    body = forms.CharField(label="The letter", widget=forms.Textarea(attrs={"rows": 16}),
                           error_messages={"required": "Write the letter"})
