// The agents' action forms (templates/admin/instruction/actions/): as on the public site
// (anef.js), a form that comes back with errors brings its error summary into view and focus,
// so screen readers announce it first.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
