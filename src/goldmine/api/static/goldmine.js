/* goldmine pages (issue #18): follow a due-diligence job on /jobs/{id} by asking the API for it
   every second (GET /api/v1/jobs/{id}, signed in by the session cookie), show its progress, and open
   the report when it is done. No other script; nothing is loaded from elsewhere. Apache-2.0. */
"use strict";
(function () {
  var box = document.querySelector("[data-job]");
  if (!box) { return; }
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var status = document.getElementById("job-status");
  function show(job) {
    bar.value = job.progress;
    percent.textContent = Math.round(job.progress * 100) + "%";
    status.setAttribute("data-status", job.status);
    status.textContent = box.getAttribute("data-label-" + job.status) || job.status;
  }
  function tick() {
    fetch("/api/v1/jobs/" + encodeURIComponent(box.getAttribute("data-job")),
          {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { window.setTimeout(tick, 1000); return; }
        show(job);
        if (job.status === "done" && job.run_id) {
          window.location.assign("/runs/" + encodeURIComponent(job.run_id));
        } else if (job.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(tick, 1000);
        }
      }, function () { window.setTimeout(tick, 1000); });
  }
  window.setTimeout(tick, 1000);
})();
