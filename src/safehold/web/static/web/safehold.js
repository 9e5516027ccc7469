// After htmx swaps a fragment in, start GOV.UK Frontend components inside it and announce the change.
document.addEventListener("htmx:afterSwap", function (event) {
  if (window.GOVUKFrontend && window.GOVUKFrontend.initAll) {
    window.GOVUKFrontend.initAll({ scope: event.target });
  }
});

// "Print this page" links (data-sh-print): no inline onclick, which the Content Security Policy refuses.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-sh-print]");
  if (link) {
    event.preventDefault();
    window.print();
  }
});

// On a phone every table becomes stacked rows (issue 14.10; CSS in safehold.css): each cell is labelled with its
// column's heading, so a row reads "Child: Amelia Hartley / Due: 14 Nov 2025". Tables that set their own labels
// keep them. Runs on load and after every htmx swap.
function safeholdLabelTables(root) {
  (root || document).querySelectorAll("table.govuk-table").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (!cell.hasAttribute("data-label") && heads[i]) { cell.setAttribute("data-label", heads[i]); }
      });
    });
    table.classList.add("sh-stack");
  });
}
document.addEventListener("DOMContentLoaded", function () { safeholdLabelTables(document); });
document.addEventListener("htmx:afterSwap", function (event) { safeholdLabelTables(event.target); });
