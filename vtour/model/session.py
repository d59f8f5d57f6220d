"""A visit's mutable state: the tour shown, its current scene and view, the language, history.

Pure Python (no Qt, no GL). Views subscribe to a session's events; input handlers and players
(guided tours, kiosk attract loops) change the session through its methods, never the widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from vtour.geometry.angles import wrap_yaw
from vtour.model.tour import Hotspot, Scene, Tour, View

log = logging.getLogger(__name__)

T = TypeVar("T")


class Event(Generic[T]):
    """A list of callbacks called in order with one value. Exceptions propagate (never swallowed)."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], None]] = []

    def connect(self, callback: Callable[[T], None]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[T], None]) -> None:
        self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        for callback in list(self._callbacks):
            callback(value)


@dataclass(frozen=True)
class SceneChange:
    """What ``scene_changed`` carries: the scene left (None at the start), the scene entered, its view."""

    previous: Scene | None
    scene: Scene
    view: View
    via: Hotspot | None = None


def resolve_target_view(link: Hotspot, current: Scene, current_view: View, target: Scene) -> View:
    """The view a scene link opens in ``target``, following Pannellum's rules.

    ``None`` -> the target's initial view; a View -> that view (hfov from the target's initial view
    when the link gives none); ``"same"`` -> the same yaw, pitch and hfov; ``"sameAzimuth"`` -> the
    same compass heading: yaw shifted by the difference of the scenes' northOffsets.
    """
    wanted = link.target_view
    if wanted is None:
        view = target.initial_view
    elif wanted == "same":
        view = current_view
    elif wanted == "sameAzimuth":
        heading = current_view.yaw + current.north_offset
        view = View(yaw=wrap_yaw(heading - target.north_offset), pitch=current_view.pitch, hfov=current_view.hfov)
    else:
        view = wanted
    return target.limits.clamp(view)


HISTORY_LIMIT = 500
"""Back steps kept: a kiosk's attract loop goes to a new scene every few seconds for months."""


class TourSession:
    """The state of one visit to one tour.

    Events: ``scene_changed`` (SceneChange), ``view_changed`` (View), ``language_changed`` (str),
    ``history_changed`` (None).
    """

    def __init__(self, tour: Tour, language: str | None = None, scene_id: str | None = None) -> None:
        self.tour = tour
        self.language = language or tour.default_language
        self.scene_changed: Event[SceneChange] = Event()
        self.view_changed: Event[View] = Event()
        self.language_changed: Event[str] = Event()
        self.history_changed: Event[None] = Event()
        self._scene = tour.scene(scene_id or tour.first_scene)
        self._view = self._scene.limits.clamp(self._scene.initial_view)
        self._back: list[tuple[str, View]] = []
        self._forward: list[tuple[str, View]] = []

    # -- reading ----------------------------------------------------------------------------------

    @property
    def scene(self) -> Scene:
        return self._scene

    @property
    def view(self) -> View:
        return self._view

    def text(self, text) -> str:
        """``text`` (a LocalizedText) in the session's language, through the fallback chain."""
        return self.tour.text(text, self.language)

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    # -- changing ---------------------------------------------------------------------------------

    def set_view(self, view: View) -> None:
        """Look elsewhere in the current scene (clamped to its limits)."""
        view = self._scene.limits.clamp(view)
        if view != self._view:
            self._view = view
            self.view_changed.emit(view)

    def replace_tour(self, tour: Tour) -> None:
        """Swap in an edited version of the same tour (authoring), staying in the current scene
        and view when the scene still exists (else the first scene); history entries of scenes
        that no longer exist are dropped. Emits ``scene_changed`` so panels redraw."""
        self.tour = tour
        known = {scene.id for scene in tour.scenes}
        previous = self._scene
        scene_id = previous.id if previous.id in known else tour.first_scene
        self._scene = tour.scene(scene_id)
        self._view = self._scene.limits.clamp(self._view)
        self._back = [entry for entry in self._back if entry[0] in known]
        self._forward = [entry for entry in self._forward if entry[0] in known]
        self.scene_changed.emit(SceneChange(previous, self._scene, self._view))
        self.history_changed.emit(None)

    def set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self.language_changed.emit(language)

    def follow(self, link: Hotspot) -> None:
        """Follow a scene-link hotspot of the current scene to its target view."""
        if link.kind != "scene" or link.target_scene is None:
            raise ValueError(f"hotspot {link.id!r} is not a scene link")
        target = self.tour.scene(link.target_scene)
        view = resolve_target_view(link, self._scene, self._view, target)
        self.go_to(target.id, view, via=link)

    def go_to(self, scene_id: str, view: View | None = None, *, via: Hotspot | None = None,
              record: bool = True) -> None:
        """Enter ``scene_id`` at ``view`` (its initial view when None); recorded in history."""
        target = self.tour.scene(scene_id)
        if record:
            self._back.append((self._scene.id, self._view))
            del self._back[:-HISTORY_LIMIT]
            self._forward.clear()
        self._enter(target, target.limits.clamp(view or target.initial_view), via)

    def go_back(self) -> None:
        if self._back:
            self._forward.append((self._scene.id, self._view))
            self._enter_recorded(self._back.pop())

    def go_forward(self) -> None:
        if self._forward:
            self._back.append((self._scene.id, self._view))
            self._enter_recorded(self._forward.pop())

    def restart(self) -> None:
        """Back to the first scene's initial view in the default language, history cleared."""
        self._back.clear()
        self._forward.clear()
        self.set_language(self.tour.default_language)
        first = self.tour.scene(self.tour.first_scene)
        self._enter(first, first.limits.clamp(first.initial_view), None)

    def _enter_recorded(self, entry: tuple[str, View]) -> None:
        scene = self.tour.scene(entry[0])
        self._enter(scene, entry[1], None)

    def _enter(self, scene: Scene, view: View, via: Hotspot | None) -> None:
        previous, self._scene, self._view = self._scene, scene, view
        log.debug("scene %s -> %s", previous.id if previous else None, scene.id)
        self.scene_changed.emit(SceneChange(previous, scene, view, via))
        self.history_changed.emit(None)
