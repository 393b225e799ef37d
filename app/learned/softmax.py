"""The Learned-surfaces page's softmax view: logits -> softmax probabilities, the one-hot
target, the cross-entropy -log p_y and its gradient p - y, live as the logits move. The
numbers come from :func:`optim_core.softmax.softmax_view`; this file draws them."""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from app import page_links as links
from app.figures import color
from app.text import t
from optim_core import LOGIT_LIMIT, SoftmaxConfig, SoftmaxResult, softmax_view

KEY = "learned.sm"
LAYOUT = {"margin": {"l": 60, "r": 20, "t": 60, "b": 50}, "height": 340, "barmode": "group"}


def probs_figure(res: SoftmaxResult) -> go.Figure:
    """p = softmax(z) beside the one-hot target y, one group of bars per class."""
    names = [t("learned.sm_class", i=i + 1) for i in range(res.config.classes)]
    fig = go.Figure([go.Bar(x=names, y=list(res.probs), name=t("learned.sm_p"),
                            marker_color=color(0)),
                     go.Bar(x=names, y=list(res.target), name=t("learned.sm_y"),
                            marker_color=color(1))])
    fig.update_layout(title=t("learned.sm_probs_title"),
                      xaxis={"title": t("learned.sm_class_axis")}, yaxis={"range": [0, 1.05],
                      "title": t("learned.sm_prob_axis")}, **LAYOUT)
    return fig


def grad_figure(res: SoftmaxResult) -> go.Figure:
    """dL/dz = p - y per class: negative for the true class (its logit goes up)."""
    names = [t("learned.sm_class", i=i + 1) for i in range(res.config.classes)]
    fig = go.Figure(go.Bar(x=names, y=list(res.grad), name="p − y",
                           marker_color=[color(2) if g < 0 else color(3) for g in res.grad]))
    fig.update_layout(title=t("learned.sm_grad_title"),
                      xaxis={"title": t("learned.sm_class_axis")}, yaxis={"range": [-1.05, 1.05],
                      "title": t("learned.sm_grad_axis")}, showlegend=False, **LAYOUT)
    return fig


def _first(key: str, value) -> dict:
    return {} if key in st.session_state else {"value": value}


def softmax_tab():
    ss = st.session_state
    d = SoftmaxConfig()
    st.markdown(t("learned.sm_intro"))
    left, right = st.columns([1, 2], gap="large")
    with left:
        classes = st.radio(t("learned.sm_classes"), [3, 2], key=f"{KEY}.classes",
                           horizontal=True, format_func=lambda c: t(f"learned.sm_{c}"))
        z = [st.slider(t("learned.sm_logit", i=i), -LOGIT_LIMIT, LOGIT_LIMIT, step=0.1,
                       key=f"{KEY}.z{i}", help=t("learned.sm_logit_help", limit=LOGIT_LIMIT),
                       **_first(f"{KEY}.z{i}", getattr(d, f"z{i}")))
             for i in range(1, classes + 1)]
        if ss.get(f"{KEY}.label", 1) > classes:   # class 3 chosen, then two classes
            ss[f"{KEY}.label"] = classes
        label = st.selectbox(t("learned.sm_label"), list(range(1, classes + 1)),
                             key=f"{KEY}.label",
                             format_func=lambda i: t("learned.sm_class", i=i))
    z3 = z[2] if classes == 3 else float(ss.get(f"{KEY}.z3", d.z3))
    try:
        config = SoftmaxConfig(classes=classes, z1=z[0], z2=z[1], z3=z3, label=label)
    except ValueError as e:
        left.error(t("learned.bad_input", msg=e))
        return None
    res = softmax_view(config)
    with right:
        st.markdown(t("learned.sm_loss", y=label, loss=res.loss, py=res.likelihood))
        a, b = st.columns(2)
        figs = [probs_figure(res), grad_figure(res)]
        a.plotly_chart(figs[0])
        b.plotly_chart(figs[1])
        st.markdown(t("learned.sm_grad_note", y=label, g=res.grad[label - 1]))
        st.markdown(t("learned.sm_ml"))
        if res.sigmoid is not None:
            st.markdown(t("learned.sm_sigmoid", sig=res.sigmoid, diff=config.z1 - config.z2))
        rows = [{"class": i + 1, "logit": config.logits[i], "p": res.probs[i],
                 "y": res.target[i], "p_minus_y": res.grad[i]} for i in range(classes)]
        links.export_row("learned-softmax", config.to_dict(), rows, figs)
    return {"config": config.to_dict()}


def apply(d: dict) -> None:
    """A link's softmax section into widget state (bad values: a note, defaults kept)."""
    cfg = SoftmaxConfig.from_dict(d.get("config", {}))
    ss = st.session_state
    ss[f"{KEY}.classes"], ss[f"{KEY}.label"] = cfg.classes, cfg.label
    for i in (1, 2, 3):
        ss[f"{KEY}.z{i}"] = float(getattr(cfg, f"z{i}"))
