// Draws the outcome charts from the JSON data block (CSP: no inline scripts).
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || typeof Plotly === "undefined") { return; }
  var series = JSON.parse(block.textContent || "[]");
  function shift(day, days) {  // "YYYY-MM-DD" moved by whole days, in UTC
    var d = new Date(day.slice(0, 10) + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  series.forEach(function (s) {
    var el = document.getElementById("chart-" + s.key);
    if (!el || s.dates.length === 0) { return; }
    var first = s.dates[0], last = s.dates[s.dates.length - 1];
    // One measurement (or all on one day): a week either side, so the axis shows dates (not
    // hours of that day) and the MCID line has a length to be drawn.
    var range = null;
    if (first === last) {
      first = shift(first, -7); last = shift(last, 7); range = [first, last];
    }
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
      xaxis: { type: "date", tickformat: "%Y-%m-%d", range: range, autorange: range === null },
      legend: { orientation: "h", y: -0.25 }
    // No mode bar: its buttons would sit inside the chart's role="img" and cover the newest
    // point on a phone; the values are listed beside the chart.
    }, { displaylogo: false, responsive: true, displayModeBar: false });
  });
}());
