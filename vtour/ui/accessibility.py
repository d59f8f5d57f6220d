"""Keyboard access to hotspots and what screen readers are told about them.

Tab / Shift+Tab on the panorama move a focus through the current scene's hotspots in a stable
order: **by yaw, from the left edge of the panorama (yaw -180) to the right**, then top to
bottom, then file order, so the order follows what the eye sweeps across. The view turns to the
focused hotspot (smoothly, or at once with reduced motion), Enter or Space activates it (a scene
link is followed through ``session.follow``, an info point or area opens through the window's
``hotspot_activated``), and Esc closes the info panel. A whole tour can be walked with the keyboard.

The panorama widget's accessible name and description say which hotspot has the focus and what
kind it is, so a screen reader announces it (QAccessible NameChanged / DescriptionChanged).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEasingCurve, QEvent, QObject, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QKeyEvent

from vtour.geometry.angles import wrap_yaw
from vtour.model.richtext import plain_text
from vtour.model.tour import Hotspot, Scene, View
from vtour.ui import preferences

log = logging.getLogger(__name__)

TURN_MS = 450
"""Duration of the turn to a focused hotspot (without reduced motion)."""

ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


def cycled(ordered, current, step: int):
    """The item ``step`` places on from ``current`` in ``ordered``, wrapping round.

    Without a current item, forward starts at the first and backward at the last; None when
    ``ordered`` is empty. Shared by the panorama and the model views' hotspot focus.
    """
    if not ordered:
        return None
    if current in ordered:
        return ordered[(ordered.index(current) + step) % len(ordered)]
    return ordered[0] if step > 0 else ordered[-1]


def focus_key(event: QKeyEvent) -> str | None:
    """What a key press means for hotspot focus: "next", "previous", "activate" or None."""
    key = event.key()
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if key == Qt.Key.Key_Tab and modifiers == Qt.KeyboardModifier.NoModifier:
        return "next"
    if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and modifiers == Qt.KeyboardModifier.ShiftModifier):
        return "previous"
    if key in ACTIVATE_KEYS and not event.isAutoRepeat():
        return "activate"
    return None


def announce(widget, name: str, description: str) -> None:
    """Give ``widget`` an accessible name and description, and tell screen readers."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    for kind in (QAccessible.Event.NameChanged, QAccessible.Event.DescriptionChanged):
        QAccessible.updateAccessibility(QAccessibleEvent(widget, kind))


def hotspot_order(scene: Scene) -> list[Hotspot]:
    """The scene's hotspots in keyboard order: by yaw from -180, then pitch from the top, then file order."""
    indexed = list(enumerate(scene.hotspots))
    indexed.sort(key=lambda pair: (round(wrap_yaw(pair[1].yaw), 6), -pair[1].pitch, pair[0]))
    return [hotspot for _, hotspot in indexed]


def _shortest(delta: float) -> float:
    return (delta + 180.0) % 360.0 - 180.0


def interpolate_view(start: View, end: View, t: float) -> View:
    """The view a fraction ``t`` of the way from ``start`` to ``end`` (yaw the short way round)."""
    return View(
        yaw=wrap_yaw(start.yaw + _shortest(end.yaw - start.yaw) * t),
        pitch=start.pitch + (end.pitch - start.pitch) * t,
        hfov=start.hfov + (end.hfov - start.hfov) * t,
    )


class HotspotKeyboard(QObject):
    """Keyboard traversal of hotspots over ``window.panorama_view``.

    Signals
    -------
    focus_changed(Hotspot | None)
        The focused hotspot changed (None: no focus, e.g. after a scene change). Marker drawing
        may show a focus ring for it.
    """

    focus_changed = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.view_widget = window.panorama_view
        self.focused: Hotspot | None = None
        self._session = None
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setDuration(TURN_MS)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._turn_step)
        self._turn: tuple[View, View] | None = None
        self.view_widget.installEventFilter(self)
        window.session_started.connect(self._on_session_started)
        preferences.notifier.changed.connect(self._apply_preferences)
        self._apply_preferences()
        self._describe()

    # -- public ---------------------------------------------------------------------------------

    @property
    def session(self):
        return getattr(self.window, "session", None)

    def hotspots(self) -> list[Hotspot]:
        session = self.session
        return hotspot_order(session.scene) if session is not None else []

    def focus_next(self, step: int = 1) -> Hotspot | None:
        """Move the focus ``step`` hotspots on (negative: back), wrapping round; None without hotspots."""
        target = cycled(self.hotspots(), self.focused, step)
        if target is None:
            return None
        self.set_focus(target)
        return self.focused

    def set_focus(self, hotspot: Hotspot | None) -> None:
        self.focused = hotspot
        if (layer := getattr(self.window, "hotspot_layer", None)) is not None:
            layer.set_focused(hotspot.id if hotspot is not None else None)  # draws the focus ring
        if hotspot is not None:
            self.turn_to(hotspot)
        self._describe()
        self.focus_changed.emit(hotspot)

    def turn_to(self, hotspot: Hotspot) -> None:
        """Turn the view to ``hotspot`` keeping the zoom: animated, or at once with reduced motion."""
        current = self.view_widget.view
        target = View(yaw=hotspot.yaw, pitch=hotspot.pitch, hfov=current.hfov)
        self._animation.stop()
        if preferences.reduced_motion():
            self.view_widget.set_view(target)
            return
        self._turn = (current, target)
        self._animation.start()

    def activate(self, hotspot: Hotspot | None = None) -> None:
        """Do what a click on ``hotspot`` (default: the focused one) does."""
        hotspot = hotspot or self.focused
        session = self.session
        if hotspot is None or session is None:
            return
        self._finish_turn()
        if (layer := getattr(self.window, "hotspot_layer", None)) is not None:
            layer.activate(hotspot)  # the same path as a click: transitions, hotspot_activated
        elif hotspot.kind == "scene" and hotspot.target_scene:
            session.follow(hotspot)
        elif (signal := getattr(self.window, "hotspot_activated", None)) is not None:
            signal.emit(hotspot)

    # -- events ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view_widget and event.type() == QEvent.Type.KeyPress:
            return self._key(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        action = focus_key(event)
        if action in ("next", "previous"):
            self.focus_next(1 if action == "next" else -1)
            return True
        if action == "activate" and self.focused is not None:
            self.activate()
            return True
        return False

    def _turn_step(self, value) -> None:
        if self._turn is not None:
            self.view_widget.set_view(interpolate_view(*self._turn, float(value)))

    def _finish_turn(self) -> None:
        if self._animation.state() == QVariantAnimation.State.Running:
            self._animation.stop()
            self._turn_step(1.0)

    def _on_session_started(self, session) -> None:
        if self._session is not None:
            for event, slot in ((self._session.scene_changed, self._on_scene_changed),
                                (self._session.language_changed, self._on_language_changed)):
                try:
                    event.disconnect(slot)
                except ValueError:
                    pass
        self._session = session
        session.scene_changed.connect(self._on_scene_changed)
        session.language_changed.connect(self._on_language_changed)
        self.set_focus(None)

    def _on_scene_changed(self, _change) -> None:
        self._animation.stop()
        self.set_focus(None)

    def _on_language_changed(self, _language: str) -> None:
        self._describe()

    def _apply_preferences(self) -> None:
        if hasattr(self.view_widget, "set_inertia"):
            self.view_widget.set_inertia(not preferences.reduced_motion())

    # -- what screen readers hear ---------------------------------------------------------------

    def kind_text(self, hotspot: Hotspot) -> str:
        session = self.session
        if hotspot.kind == "scene":
            target = hotspot.target_scene or ""
            if session is not None and target:
                target = session.text(session.tour.scene(target).title) or target
            return self.tr("Link to {scene}").format(scene=target)
        if hotspot.kind == "area":
            return self.tr("Area")
        return self.tr("Information point")

    def _describe(self) -> None:
        session, hotspot = self.session, self.focused
        if session is None:
            name = self.tr("Panorama")
            description = ""
        elif hotspot is None:
            scene = session.text(session.scene.title) or session.scene.id
            name = self.tr("Panorama: {scene}").format(scene=scene)
            description = self.tr("Tab moves through the hotspots; Enter opens the focused one.")
        else:
            title = session.text(hotspot.title) or hotspot.id
            name = f"{title} ({self.kind_text(hotspot)})"
            description = plain_text(session.text(hotspot.text)) if hotspot.text else self.kind_text(hotspot)
        announce(self.view_widget, name, description)
