// Starts GOV.UK Frontend's components (error summary focus, details, header menu...). A module file,
// not an inline script, so the Content Security Policy allows scripts from Safehold's own origin only.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();
window.GOVUKFrontend = { initAll };
