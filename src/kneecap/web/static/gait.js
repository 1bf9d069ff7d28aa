// Running-form review: step the annotated video frame by frame, jump to initial contacts and
// comments, and fill the comment time from the paused video. No inline script (CSP).
// A frame shown for checking (a step or a jump) hides the browser's own controls, which
// would cover the feet at the bottom of the picture; they come back when the video plays.
(function () {
  "use strict";
  document.querySelectorAll(".player").forEach(function (player) {
    var video = player.querySelector("video");
    var fps = parseFloat(player.getAttribute("data-fps")) || 30;
    var timeOut = player.querySelector(".gait-time");
    var frameOut = player.querySelector(".gait-frame");
    var timeInput = document.getElementById("f-t_s");
    function show() {
      // Half a frame in, so rounding lands on the frame being shown.
      var frame = Math.floor(video.currentTime * fps + 1e-6);
      if (timeOut) { timeOut.textContent = video.currentTime.toFixed(3); }
      if (frameOut) { frameOut.textContent = String(frame); }
      if (timeInput && video.paused) { timeInput.value = video.currentTime.toFixed(3); }
    }
    var play = player.querySelector("button.play");
    function seek(t) {
      video.pause();
      video.controls = false;
      video.currentTime = Math.max(0, Math.min(video.duration || t, t));
    }
    function label() {
      if (play) { play.textContent = video.paused ? "Play" : "Pause"; }
    }
    if (play) {
      play.hidden = false;
      play.addEventListener("click", function () {
        if (video.paused) { video.play(); } else { video.pause(); }
      });
    }
    video.addEventListener("play", function () { video.controls = true; label(); });
    video.addEventListener("pause", label);
    player.querySelectorAll("button.step").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var step = parseInt(btn.getAttribute("data-step"), 10);
        var frame = Math.round(video.currentTime * fps) + step;
        seek((frame + 0.5) / fps);
      });
    });
    video.addEventListener("timeupdate", show);
    video.addEventListener("seeked", show);
    video.addEventListener("pause", show);
    document.querySelectorAll("button.jump").forEach(function (btn) {
      btn.addEventListener("click", function () {
        seek(parseFloat(btn.getAttribute("data-t")) + 0.5 / fps);
        video.scrollIntoView({ block: "nearest" });
      });
    });
  });
})();
