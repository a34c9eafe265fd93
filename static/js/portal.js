// After a refused form, move the focus to its error summary: keyboard and screen
// reader users then start from the list of what to fix, each item a link to its field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
});
