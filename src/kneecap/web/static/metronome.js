// The session's metronome: Web Audio clicks at the target step rate, scheduled ahead of time
// on the audio clock (timers alone drift on a phone), with the session's feedback schedule:
// full (all the time), intermittent (on/off cycles), none (a short check of the beat only).
// A screen wake lock keeps the phone's screen on while it runs, where the browser allows.
(function () {
  "use strict";
  var root = document.getElementById("metronome");
  if (!root) return;
  var spm = Number(root.dataset.spm);
  var minutes = Number(root.dataset.minutes);
  var feedback = root.dataset.feedback;
  var onS = Number(root.dataset.onS), offS = Number(root.dataset.offS);
  var CHECK_S = 20; // "none": the beat for 20 s before the run, then silence
  var q = function (role) { return root.querySelector('[data-role="' + role + '"]'); };
  var startBtn = q("start"), stopBtn = q("stop"), state = q("state"), elapsed = q("elapsed");
  var support = q("support"), beat = root.querySelector(".beat");
  var Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx) {
    support.textContent = "This browser cannot play the metronome: use your watch's metronome at " + spm + " steps/min.";
    startBtn.disabled = true;
    return;
  }
  var ctx = null, timer = null, clock = null, lock = null, t0 = 0, next = 0, beats = 0;
  var interval = 60 / spm, LOOKAHEAD = 0.15;
  var total = feedback === "none" ? CHECK_S : minutes * 60;

  function sounding(t) { // is the cue on at t seconds into the session?
    if (feedback !== "intermittent") return true;
    return (t % (onS + offS)) < onS;
  }
  function click(at) {
    var osc = ctx.createOscillator(), gain = ctx.createGain();
    osc.frequency.value = 1000;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.6, at + 0.002);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.05);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.06);
    root.dataset.beats = String(++beats); // clicks scheduled so far (the browser test reads it)
    var delay = Math.max(0, (at - ctx.currentTime) * 1000);
    setTimeout(function () { beat.classList.add("on"); setTimeout(function () { beat.classList.remove("on"); }, 80); }, delay);
  }
  function schedule() {
    while (next < ctx.currentTime + LOOKAHEAD) {
      var t = next - t0;
      if (t >= total) { stop(true); return; }
      if (sounding(t)) click(next);
      next += interval;
    }
  }
  function show() {
    var t = Math.max(0, ctx.currentTime - t0);
    var m = Math.floor(t / 60), s = Math.floor(t % 60);
    elapsed.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    root.classList.toggle("silent", !sounding(t));
    if (feedback === "intermittent") state.textContent = sounding(t) ? "Beat on: match your steps to it." : "Beat off: keep the same rhythm on your own.";
  }
  function start() {
    ctx = ctx || new Ctx();
    ctx.resume();
    t0 = ctx.currentTime + 0.1;
    next = t0;
    timer = setInterval(schedule, 25);
    clock = setInterval(show, 250);
    startBtn.disabled = true;
    stopBtn.disabled = false;
    state.textContent = feedback === "none" ? "Listen to the beat, then run without it." : "Running: one step on each beat (" + spm + " a minute).";
    if (navigator.wakeLock && navigator.wakeLock.request) {
      navigator.wakeLock.request("screen").then(function (l) { lock = l; }).catch(function () {
        support.textContent = "Keep the screen on yourself: this browser did not allow it.";
      });
    }
  }
  function stop(finished) {
    clearInterval(timer); clearInterval(clock);
    timer = clock = null;
    startBtn.disabled = false;
    stopBtn.disabled = true;
    root.classList.remove("silent");
    if (lock) { lock.release(); lock = null; }
    state.textContent = finished === true ? (feedback === "none" ? "Now run the session without the beat." : "Done: " + minutes + " minutes. Finish your run as usual.") : "Stopped.";
  }
  startBtn.addEventListener("click", start);
  stopBtn.addEventListener("click", function () { stop(false); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && timer && navigator.wakeLock) {
      navigator.wakeLock.request("screen").then(function (l) { lock = l; }).catch(function () {});
    }
  });
  root.dataset.ready = "true";
}());
