// The crew's phone drives the run. Each start, tap and finish is kept on the phone with the time
// it happened and sent when the phone can (a poor signal loses nothing); where the crew agreed,
// the vehicle's position goes every 30 seconds while a run is under way, and never otherwise.
(function () {
  "use strict";
  var QUEUE = "transport.crew.queue";
  var SHARE = "transport.crew.share";
  var EVERY = 30000;
  var status = document.querySelector(".queue");
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function save(q) { localStorage.setItem(QUEUE, JSON.stringify(q)); }
  function say(text) { if (status) { status.textContent = text; } }

  function waiting() {
    var n = load().length;
    say(n ? n + (n === 1 ? " report is" : " reports are") + " waiting for a signal and will be sent by itself." : "");
  }

  function add(action, fields) {
    var q = load();
    q.push({ action: action, fields: fields });
    if (fields.kind === "position") {  // a phone out of signal for long keeps its latest places only
      var places = q.filter(function (x) { return x.fields.kind === "position"; });
      if (places.length > 20) { q.splice(q.indexOf(places[0]), 1); }
    }
    save(q);
    send();
  }

  function send() {
    if (sending) { return; }
    var q = load();
    if (!q.length) { waiting(); return; }
    sending = true;
    var item = q[0];
    var body = new URLSearchParams(item.fields);
    fetch(item.action, { method: "POST", body: body, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (answer) {
        sending = false;
        if (answer.status >= 500) { waiting(); return; }  // the service is struggling: try again later
        var rest = load();
        rest.shift();  // sent, or refused for good (say why): either way not sent again
        save(rest);
        if (answer.status >= 400) {
          answer.json().then(function (b) { say("Not sent: " + (b.detail || answer.statusText)); }, function () { say("Not sent."); });
          return;
        }
        if (rest.length) { send(); return; }
        if (item.fields.kind !== "position") { window.location.reload(); }
        waiting();
      }, function () { sending = false; waiting(); });
  }

  document.querySelectorAll("form.live").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = {};
      new FormData(form).forEach(function (value, name) { fields[name] = value; });
      fields.at = new Date().toISOString();
      fields.kind = form.action.split("/").pop();
      form.querySelector("button").disabled = true;
      add(form.action, fields);
    });
  });

  var running = document.querySelectorAll('.going[data-status="on its way"]');
  var share = document.getElementById("share-position");
  if (share && running.length && navigator.geolocation) {
    share.closest(".share").hidden = false;
    share.checked = localStorage.getItem(SHARE) === "yes";
    share.addEventListener("change", function () {
      localStorage.setItem(SHARE, share.checked ? "yes" : "no");
      if (share.checked) { where(); }
    });
    var csrf = document.querySelector('form.live input[name="csrf"]').value;
    var where = function () {
      if (!share.checked) { return; }
      // Stamped by the page's clock, as taps are (a fix's own timestamp may come from another).
      navigator.geolocation.getCurrentPosition(function (p) {
        running.forEach(function (run) {
          add("/web/crew/runs/" + run.dataset.run + "/position", {
            csrf: csrf, date: run.dataset.date, kind: "position", at: new Date().toISOString(),
            lat: String(p.coords.latitude), lon: String(p.coords.longitude)
          });
        });
      }, function () { say("The phone would not give its position; taps still work."); }, { enableHighAccuracy: true, maximumAge: 10000, timeout: 20000 });
    };
    where();
    setInterval(where, EVERY);
  }
  window.addEventListener("online", send);
  setInterval(send, 15000);
  send();
})();
