// Training-load charts. The numbers come from the <script type="application/json"> block the
// page renders (the CSP allows no inline script); Plotly is served by the app itself.
(function () {
  "use strict";
  var holder = document.getElementById("load-data");
  if (!holder || typeof Plotly === "undefined") { return; }
  var d = JSON.parse(holder.textContent);
  var RED = "#b42318", GREY = "#667085", BLUE = "#1d4ed8", TEAL = "#0f766e", LIGHT = "#93c5fd";
  // No mode bar: its buttons would sit inside the chart's role="img" (unreachable to a screen
  // reader, WCAG 4.1.2) and on a phone it covers the newest bar. The numbers are in the tables.
  var config = { displaylogo: false, responsive: true, displayModeBar: false };
  function layout(extra) {
    var base = { margin: { l: 48, r: 16, t: 8, b: 40 }, height: 300, hovermode: "x unified",
      legend: { orientation: "h", y: -0.2 }, font: { size: 12 },
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)" };
    for (var k in extra) { if (Object.prototype.hasOwnProperty.call(extra, k)) { base[k] = extra[k]; } }
    return base;
  }
  function draw(id, traces, lay) {
    var el = document.getElementById(id);
    if (el) { Plotly.newPlot(el, traces, layout(lay), config); }
  }

  var w = d.weekly;
  var colors = w.run_km.map(function (km, i) {
    var lim = w.ramp_limit_km[i];
    return lim !== null && km > lim ? RED : BLUE;
  });
  draw("chart-weekly", [
    { type: "bar", name: "Running km", x: w.weeks, y: w.run_km, marker: { color: colors } },
    { type: "bar", name: "Other sports km", x: w.weeks, y: w.other_km, marker: { color: LIGHT } },
    { type: "scatter", mode: "lines", name: "+30% guardrail (Nielsen 2014)", x: w.weeks,
      y: w.ramp_limit_km, line: { color: RED, dash: "dash", shape: "hvh" }, connectgaps: false },
    { type: "scatter", mode: "lines", name: "'10% rule' (not supported by trials)", x: w.weeks,
      y: w.ten_pct_km, line: { color: GREY, dash: "dot", shape: "hvh" }, connectgaps: false }
  ], { barmode: "stack", yaxis: { title: { text: "km per week" }, rangemode: "tozero" } });

  var l = d.long_runs;
  draw("chart-long", [
    { type: "scatter", mode: "markers", name: "Longest run of the day", x: l.days, y: l.km,
      marker: { color: BLUE, size: 7 } },
    { type: "scatter", mode: "lines", name: "+10% over previous 30 days' longest (Frandsen 2025)",
      x: l.days_all, y: l.spike_limit_km, line: { color: RED, dash: "dash", shape: "hv" } }
  ], { yaxis: { title: { text: "km" }, rangemode: "tozero" }, hovermode: "closest" });

  var ld = d.load;
  draw("chart-load", [
    { type: "scatter", mode: "lines", name: "Acute (7-day)", x: ld.days, y: ld.acute,
      line: { color: RED } },
    { type: "scatter", mode: "lines", name: ld.chronic_days === 42 ? "CTL (42-day)" : "Chronic (28-day)", x: ld.days, y: ld.chronic,
      line: { color: TEAL } },
    { type: "scatter", mode: "lines", name: "ACWR (information only)", x: ld.days, y: ld.acwr,
      yaxis: "y2", line: { color: GREY, width: 1.5 } }
  ], {
    yaxis: { title: { text: "load (AU)" }, rangemode: "tozero" },
    yaxis2: { title: { text: "ratio" }, overlaying: "y", side: "right", showgrid: false,
      range: [0, Math.max(2, 1.1 * Math.max.apply(null, ld.acwr.filter(function (v) {
        return v !== null; }).concat([0])))], dtick: 0.5 },
    margin: { l: 48, r: 48, t: 8, b: 40 },
    shapes: [
      { type: "rect", xref: "paper", x0: 0, x1: 1, yref: "y2", y0: ld.sweet_spot[0],
        y1: ld.sweet_spot[1], fillcolor: "rgba(15,118,110,0.08)", line: { width: 0 } },
      { type: "line", xref: "paper", x0: 0, x1: 1, yref: "y2", y0: ld.danger, y1: ld.danger,
        line: { color: GREY, dash: "dot", width: 1 } }
    ]
  });

  var s = d.shoes;
  if (s.gear.length) {
    draw("chart-shoes", [
      { type: "bar", orientation: "h", x: s.km, y: s.gear, name: "km",
        marker: { color: s.km.map(function (km) { return km > s.limit_km ? RED : BLUE; }) } }
    ], { height: 80 + 40 * s.gear.length, hovermode: "closest", showlegend: false,
      xaxis: { title: { text: "km" }, range: [0, Math.max(s.limit_km * 1.1, Math.max.apply(null, s.km) * 1.1)] },
      yaxis: { automargin: true },
      shapes: [{ type: "line", yref: "paper", y0: 0, y1: 1, x0: s.limit_km, x1: s.limit_km,
        line: { color: RED, dash: "dash" } }] });
  }

  var c = d.cadence;
  if (c.spm.length) {
    draw("chart-cadence", [
      { type: "scatter", mode: "lines+markers", name: "steps/min", x: c.weeks, y: c.spm,
        line: { color: TEAL } }
    ], { height: 240, showlegend: false, yaxis: { title: { text: "steps/min" } } });
  }
})();
