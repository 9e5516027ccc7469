// Marks the page as having JavaScript (GOV.UK Frontend's pattern), from a file so the Content
// Security Policy needs no inline script.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
