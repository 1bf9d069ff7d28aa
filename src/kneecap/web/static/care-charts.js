// Draws the outcome charts from the JSON data block (CSP: no inline scripts).
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || typeof Plotly === "undefined") { return; }
  var series = JSON.parse(block.textContent || "[]");
  series.forEach(function (s) {
    var el = document.getElementById("chart-" + s.key);
    if (!el || s.dates.length === 0) { return; }
    var first = s.dates[0], last = s.dates[s.dates.length - 1];
    var traces = [{
      x: s.dates, y: s.scores, mode: "lines+markers", name: s.label,
      line: { color: "#1f5f8b", width: 3 }, marker: { size: 9 }
    }];
    var shapes = [];
    if (s.improvement_line !== null) {
      traces.push({
        x: [first, last], y: [s.improvement_line, s.improvement_line], mode: "lines",
        name: "MCID: " + (s.higher_is_better ? "+" : "-") + s.mcid + " from baseline",
        line: { color: "#b3261e", dash: "dash", width: 2 }
      });
      shapes.push({
        type: "rect", xref: "paper", x0: 0, x1: 1, y0: s.band_low, y1: s.band_high,
        fillcolor: "rgba(120,120,120,0.12)", line: { width: 0 }, layer: "below"
      });
    }
    Plotly.newPlot(el, traces, {
      title: { text: s.label + " — " + s.reading, font: { size: 15 } },
      margin: { l: 50, r: 20, t: 50, b: 50 }, height: 320, shapes: shapes,
      yaxis: { range: [s.scale_min, s.scale_max], title: { text: "score" } },
      xaxis: { type: "date" },
      legend: { orientation: "h", y: -0.25 }
    }, { displaylogo: false, responsive: true });
  });
}());
