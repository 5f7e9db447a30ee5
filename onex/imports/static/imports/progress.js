// Polls the job's status until it finishes and moves the progress bar.
(function () {
  var box = document.getElementById("job");
  if (!box) return;
  var url = box.dataset.statusUrl;
  function paint(data) {
    document.getElementById("job-status").textContent = data.status_display;
    document.getElementById("job-bar").style.width = data.percent + "%";
    document.getElementById("job-rows").textContent = data.rows_done + " / " + data.rows_total;
    document.getElementById("job-message").textContent = data.message || "";
    if (data.has_errors_file) document.getElementById("job-errors").hidden = false;
  }
  function poll() {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        paint(data);
        if (data.finished) {
          if (box.dataset.status !== data.status) window.location.reload();
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (box.dataset.status !== "succeeded" && box.dataset.status !== "failed") poll();
})();
