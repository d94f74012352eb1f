/* The SCORM player of a SCORM lesson (templates/learning/scorm_lesson_page.html).
 *
 * scorm-again (static/vendor/scorm-again, `make vendor-scorm-again`) provides the run-time API the
 * package looks for in its parent window: window.API (SCORM 1.2) or window.API_1484_11 (SCORM 2004).
 * The data the agent left is loaded before the package starts (resume); every commit is posted to the
 * portal (synchronously, as SCORM expects), which stores it and completes the lesson when the data says
 * so. After a commit that completes the lesson, the progress card is read again from the page.
 */
(function () {
  "use strict";
  var source = document.getElementById("scorm-config");
  var frame = document.getElementById("scorm-frame");
  if (!source || !frame) return;
  var config = JSON.parse(source.textContent);
  var is12 = config.version === "1.2";
  var settings = {
    lmsCommitUrl: config.commitUrl || false,
    dataCommitFormat: "json",
    autocommit: true,
    autocommitSeconds: 30,
    alwaysSendTotalTime: true,
    fetchMode: "same-origin",
    logLevel: 4
  };
  var api = is12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  if (config.cmi && Object.keys(config.cmi).length) {
    api.loadFromJSON(config.cmi, "");
  }
  if (is12) {
    api.cmi.core.student_id = config.learnerId || "";
    api.cmi.core.student_name = config.learnerName || "";
    window.API = api;
  } else {
    api.cmi.learner_id = config.learnerId || "";
    api.cmi.learner_name = config.learnerName || "";
    window.API_1484_11 = api;
  }

  var refreshed = false;
  function done() {
    if (is12) {
      var status = api.cmi.core.lesson_status;
      return status === "completed" || status === "passed";
    }
    return api.cmi.completion_status === "completed" && api.cmi.success_status !== "failed";
  }
  function refreshStatus() {
    if (refreshed || !config.commitUrl || !done()) return;
    refreshed = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("lesson-status");
        var current = document.getElementById("lesson-status");
        if (fresh && current) current.replaceWith(fresh);
      })
      .catch(function () { refreshed = false; });
  }
  ["LMSCommit", "LMSFinish", "Commit", "Terminate"].forEach(function (name) {
    api.on(name, function () { window.setTimeout(refreshStatus, 0); });
  });

  // Closing the page without the package finishing: end the session so the last data is sent.
  window.addEventListener("pagehide", function () {
    try {
      if (api.isInitialized && api.isInitialized() && !(api.isTerminated && api.isTerminated())) {
        if (is12) api.LMSFinish(""); else api.Terminate("");
      }
    } catch (e) { /* the page is going away */ }
  });

  frame.src = frame.getAttribute("data-src");
})();
