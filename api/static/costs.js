// The costs page while a costing runs (a file, not inline: the pages' CSP runs no inline script).
// Poll the costing's state once a second; reload to show the table (or the error) when it stops.
(function () {
  var box = document.getElementById("working");
  function poll() {
    fetch(box.dataset.progressUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (p) {
      document.getElementById("progress").value = p.progress;
      document.getElementById("status").textContent = p.status;
      if (p.status === "queued" || p.status === "running") { setTimeout(poll, 1000); } else { location.reload(); }
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
