"""Press, tap, hover, cursor and tooltip handling shared by the hotspot layers of panoramas and models.

Both :class:`~vtour.ui.hotspot_layer.HotspotLayer` and
:class:`~vtour.ui.model_hotspots.ModelHotspotLayer` watch their view's input through an event
filter that never consumes mouse events, so the view drags (or orbits) as usual even when a press
starts on a marker: a press that moves more than :data:`DRAG_THRESHOLD_DIP` is a drag, and only a
press released on the same hotspot without moving that far activates it. This base holds that
logic once; a layer says what differs (its hotspots, picking, activation, dragging state, idle
cursor) through the small methods it overrides.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal

from vtour.model.tour import Hotspot

DRAG_THRESHOLD_DIP = 6.0
"""A press that moves farther than this (logical pixels) drags the view instead of activating."""
CLICK_SLOP_PX = 4.0
"""Authoring mode: a press released within this many logical pixels is a click (place, select),
not a drag (move a marker, a corner, a map dot)."""


class _Press:
    """A press (mouse or first finger) that may become a click on ``hotspot``."""

    def __init__(self, x: float, y: float, hotspot: Hotspot | None) -> None:
        self.x, self.y, self.hotspot = x, y, hotspot
        self.dragged = False

    def moved_to(self, x: float, y: float) -> None:
        if math.hypot(x - self.x, y - self.y) > DRAG_THRESHOLD_DIP:
            self.dragged = True


class MarkerInputLayer(QObject):
    """Turns presses, taps and hovers on ``view`` into hotspot hover and activation.

    Subclasses provide :meth:`hotspot_at`, :meth:`title` and :meth:`activate`, and may override
    the hooks :meth:`_view_dragging`, :meth:`_idle_cursor`, :meth:`_hover_on_move`,
    :meth:`_before_click` and :meth:`_other_event`.

    Signals
    -------
    hovered_changed(object)
        The hotspot under the pointer changed (a Hotspot or None).
    activated(object)
        A hotspot was activated (emitted by the subclass's :meth:`activate`).
    """

    hovered_changed = Signal(object)
    activated = Signal(object)

    def __init__(self, window, view) -> None:
        super().__init__(window)
        self.window = window
        self.view = view
        self.visible = True
        self._hovered: Hotspot | None = None
        self._press: _Press | None = None

    def _watch_view(self) -> None:
        """Start watching and drawing into the view; called last in a subclass's ``__init__``,
        once every attribute its painter and filter read exists."""
        self.view.setMouseTracking(True)
        self.view.installEventFilter(self)
        self.view.add_overlay_painter(self)

    @property
    def hovered(self) -> Hotspot | None:
        return self._hovered

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        self.view.update()

    # -- what a layer says ------------------------------------------------------------------------

    def hotspot_at(self, x: float, y: float) -> Hotspot | None:
        """The hotspot under logical pixel ``(x, y)`` of the view, or None."""
        raise NotImplementedError

    def title(self, hotspot: Hotspot) -> str:
        """The text of ``hotspot``'s tooltip."""
        raise NotImplementedError

    def activate(self, hotspot: Hotspot) -> None:
        """What a click or tap on ``hotspot`` does."""
        raise NotImplementedError

    def _view_dragging(self) -> bool:
        """Whether the view is dragging now: its own drag cursor must then stay."""
        raise NotImplementedError

    def _idle_cursor(self) -> Qt.CursorShape:
        """The cursor over no hotspot, when the view is not dragging."""
        return Qt.CursorShape.OpenHandCursor

    def _hover_on_move(self) -> bool:
        """Whether a move without the left button updates the hover (a model view may drag with others)."""
        return True

    def _before_click(self) -> None:
        """Called just before a click activates a hotspot (e.g. to stop a glide the release started)."""

    def _other_event(self, event) -> bool:
        """An event the input machinery does not handle; True consumes it."""
        return False

    # -- input ------------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            self._mouse_moved(event)
        elif kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._pressed(event.position())
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self._released(event.position())
        elif kind == QEvent.Type.Leave:
            self._set_hovered(None)
        elif kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            self._touch(event)
        elif kind == QEvent.Type.TouchCancel:
            self._press = None
        else:
            return self._other_event(event)
        return False  # the view handles every mouse and touch event as usual (drag, orbit, zoom)

    def _mouse_moved(self, event) -> None:
        position = event.position()
        if event.buttons() & Qt.MouseButton.LeftButton:
            if self._press is not None:
                self._press.moved_to(position.x(), position.y())
            return
        if self._hover_on_move():
            self._set_hovered(self.hotspot_at(position.x(), position.y()))

    def _pressed(self, position: QPointF) -> None:
        self._press = _Press(position.x(), position.y(), self.hotspot_at(position.x(), position.y()))

    def _released(self, position: QPointF) -> None:
        press, self._press = self._press, None
        if press is None:
            return
        press.moved_to(position.x(), position.y())
        target = press.hotspot
        x, y = position.x(), position.y()
        # Deferred so the view has handled the release first (its cursor, its glide).
        if not press.dragged and target is not None and self.hotspot_at(x, y) is target:
            QTimer.singleShot(0, self, lambda: self._click(target))
        else:
            QTimer.singleShot(0, self, lambda: self._hover_after_release(x, y))

    def _hover_after_release(self, x: float, y: float) -> None:
        self._set_hovered(self.hotspot_at(x, y))
        self._refresh_cursor()  # the view set its idle cursor on release

    def _click(self, hotspot: Hotspot) -> None:
        self._before_click()
        self.activate(hotspot)
        self._refresh_cursor()

    def _touch(self, event) -> None:
        if len(event.points()) != 1:
            self._press = None  # a pinch is never a tap
            return
        position = event.points()[0].position()
        if event.type() == QEvent.Type.TouchBegin:
            self._pressed(position)
        elif event.type() == QEvent.Type.TouchUpdate and self._press is not None:
            self._press.moved_to(position.x(), position.y())
        elif event.type() == QEvent.Type.TouchEnd:
            self._released(position)

    # -- hover ------------------------------------------------------------------------------------

    def _set_hovered(self, hotspot: Hotspot | None) -> None:
        if hotspot is self._hovered:
            return
        self._hovered = hotspot
        self._refresh_cursor()
        self.view.setToolTip(self.title(hotspot) if hotspot is not None else "")
        self.view.update()
        self.hovered_changed.emit(hotspot)

    def _refresh_cursor(self) -> None:
        if self._view_dragging():
            return
        self.view.setCursor(Qt.CursorShape.PointingHandCursor if self._hovered is not None
                            else self._idle_cursor())
