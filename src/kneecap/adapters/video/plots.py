"""Per-stride plots as Plotly HTML fragments (plotly.js embedded once, no CDN)."""

from __future__ import annotations

import itertools

import numpy as np

from kneecap.domain.gait.keypoints import Side
from kneecap.domain.gait.metrics import GaitMetrics


def knee_per_stride_html(m: GaitMetrics, include_js: bool = True) -> str:
    """Knee flexion for every stride (initial contact to the next one of the same foot)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for side in Side:
        ics = [s.ic_frame for s in m.steps if s.side is side]
        curve = m.knee_flexion_deg[side]
        for k, (a, b) in enumerate(itertools.pairwise(ics)):
            t = np.linspace(a, b, 101)
            fig.add_trace(go.Scatter(
                x=np.arange(101), y=np.interp(t, np.arange(len(curve)), curve), mode="lines",
                name=f"{side.value}", legendgroup=side.value, showlegend=k == 0,
                line={"color": "#4287f5" if side is Side.LEFT else "#f58230", "width": 1},
            ))  # fmt: skip
    fig.update_layout(
        title="Knee flexion per stride", xaxis_title="% of stride (from initial contact)",
        yaxis_title="knee flexion (deg)", height=380, margin={"t": 40, "b": 40},
    )  # fmt: skip
    html: str = fig.to_html(full_html=False, include_plotlyjs=include_js)
    return html


def step_series_html(m: GaitMetrics, metric: str, include_js: bool = False) -> str:
    """One metric, step by step, per side."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for side in Side:
        steps = [s for s in m.steps if s.side is side and metric in s.values]
        fig.add_trace(go.Scatter(
            x=[s.ic_frame / m.fps for s in steps], y=[s.values[metric] for s in steps],
            mode="markers+lines", name=side.value,
        ))  # fmt: skip
    fig.update_layout(title=metric, xaxis_title="time (s)", height=300, margin={"t": 40})
    html: str = fig.to_html(full_html=False, include_plotlyjs=include_js)
    return html
