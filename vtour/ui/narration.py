"""The window's one narration player, shared by the info panel and the guided tour.

There is one :class:`NarrationPlayer` per window (``window.narration``), made while the window is
built, so two narrations can never play over each other and the sound-system objects are made
exactly once, at a quiet moment (see the note below).

**Ownership.** A user of the player (the info panel, the guided-tour controller) passes itself as
``owner``. :meth:`NarrationPlayer.load` makes the caller the owner and stops whatever the previous
owner was playing; :meth:`pause`/:meth:`stop` by a non-owner do nothing, so a panel closing
cannot silence the tour's narration. ``owner_changed`` tells the previous owner it lost the player.
The rule between the two users (documented in ``docs/guided-tours.md``): the narration the visitor
started last wins. Playing a hotspot's narration in the info panel pauses a playing guided tour
(the visitor took over, as with a drag); playing or resuming the guided tour stops the panel's
narration.

**Why it is made up front, and by QML.** Made at window construction, before any tour opens and
so before any worker thread exists, the QtMultimedia backend (FFmpeg, PulseAudio: ``dlopen``) is
loaded when nothing else is starting up. The objects are made by a QML component rather than by
Python, which removes a GIL deadlock with QtMultimedia's FFmpeg threads (:func:`_native_player`;
``docs/hotspots.md``, "Narration, threads and the GIL").
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal

log = logging.getLogger(__name__)


class NarrationPlayer(QObject):
    """One QMediaPlayer + QAudioOutput for the window, handed between owners.

    ``available`` is False where QtMultimedia is missing (PySide6-Addons not installed): every
    method then does nothing and texts, captions and tours work without sound.

    Signals (emitted for the current owner's playback; listeners check :attr:`owner`)
    -------
    position_changed(float)
        Seconds into the narration.
    duration_changed(float)
        The narration's length in seconds, once the backend knows it (0: unknown).
    playing_changed(bool)
        Playback started or stopped/paused.
    finished()
        The narration reached its end.
    failed(str)
        The file could not be played (the message is logged too).
    owner_changed(object)
        A new owner took the player (the object passed to :meth:`load`, or None after
        :meth:`release`).
    """

    position_changed = Signal(float)
    duration_changed = Signal(float)
    playing_changed = Signal(bool)
    finished = Signal()
    failed = Signal(str)
    owner_changed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.owner: object | None = None
        self.source: str | None = None
        self.media_player = None  # QMediaPlayer, None without QtMultimedia
        self.audio_output = None
        self.native = False  # made by C++ (QML), not by Python: see _native_player
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        except ImportError as exc:  # PySide6-Addons missing: no sound, everything else works
            log.warning("no narration playback: %s", exc)
            return
        self._states = QMediaPlayer.PlaybackState
        self._end = QMediaPlayer.MediaStatus.EndOfMedia
        made = _native_player(self)
        if made is not None:
            self._engine, self.media_player, self.audio_output = made
            self.native = True
        else:
            self.audio_output = QAudioOutput(self)
            self.media_player = QMediaPlayer(self)
            self.media_player.setAudioOutput(self.audio_output)
        self.media_player.positionChanged.connect(lambda ms: self.position_changed.emit(ms / 1000.0))
        self.media_player.durationChanged.connect(lambda ms: self.duration_changed.emit(max(ms, 0) / 1000.0))
        self.media_player.playbackStateChanged.connect(
            lambda state: self.playing_changed.emit(state == self._states.PlayingState))
        self.media_player.mediaStatusChanged.connect(self._on_status)
        self.media_player.errorOccurred.connect(self._on_error)

    @property
    def available(self) -> bool:
        return self.media_player is not None

    @property
    def is_playing(self) -> bool:
        return self.available and self.media_player.playbackState() == self._states.PlayingState

    def is_playing_for(self, owner: object) -> bool:
        return self.owner is owner and self.is_playing

    @property
    def position(self) -> float:
        return self.media_player.position() / 1000.0 if self.available else 0.0

    @property
    def duration(self) -> float:
        """Seconds, 0 while unknown."""
        return max(self.media_player.duration(), 0) / 1000.0 if self.available else 0.0

    # -- commands -------------------------------------------------------------------------------

    def load(self, owner: object, path: str | Path, position: float = 0.0) -> None:
        """Take the player for ``owner`` and set ``path`` as the source (stopped, at ``position`` s).

        The previous owner's narration stops and it is told through ``owner_changed``.
        """
        if not self.available:
            return
        previous = self.owner
        self.media_player.stop()
        self.owner = owner
        path = str(path)
        if path != self.source:
            self.source = path
            self.media_player.setSource(QUrl.fromLocalFile(path))
        if position > 0.0:
            self.media_player.setPosition(round(position * 1000))
        if previous is not owner:
            self.owner_changed.emit(owner)

    def play(self, owner: object) -> None:
        """Start or resume ``owner``'s narration (it must have loaded it and still own the player)."""
        if self.available and self.owner is owner and self.source:
            self.media_player.play()

    def pause(self, owner: object) -> None:
        if self.available and self.owner is owner:
            self.media_player.pause()

    def stop(self, owner: object) -> None:
        if self.available and self.owner is owner:
            self.media_player.stop()

    def release(self, owner: object) -> None:
        """Stop and give the player up (the owner is closing)."""
        if self.available and self.owner is owner:
            self.media_player.stop()
            self.owner = None
            self.owner_changed.emit(None)

    # -- backend events -------------------------------------------------------------------------

    def _on_status(self, status) -> None:
        if status == self._end:
            self.finished.emit()

    def _on_error(self, _error, message: str) -> None:
        log.warning("narration %s: %s", self.source, message)
        self.failed.emit(message)


NATIVE_PLAYER_QML = b"""
import QtMultimedia
MediaPlayer { audioOutput: AudioOutput {} }
"""


def _native_player(parent: QObject):
    """``(engine, QMediaPlayer, QAudioOutput)`` made by Qt's C++ side (a QML component), or None.

    Why not ``QMediaPlayer()`` from Python: an object made from Python is PySide's C++ subclass
    whose virtual functions first look for a Python override, taking the GIL. QtMultimedia's
    FFmpeg threads destroy their own objects connected to the player and the audio output, and
    ``~QObject`` calls the *sender's* ``disconnectNotify`` while holding the signal-slot mutex.
    With a Python-made sender that thread then waits for the GIL, while the GUI thread, holding the
    GIL inside ``QMediaPlayer.stop()``/``play()`` (PySide does not release it there), waits for the
    same mutex in ``QObject::disconnect``: a deadlock (caught with gdb in the narration tests,
    about one run in a dozen; see docs/hotspots.md). Objects made by a QML component are plain
    C++ objects: their virtual calls never enter Python, so the FFmpeg threads never need the GIL.
    """
    try:
        from PySide6.QtQml import QQmlComponent, QQmlEngine
    except ImportError as exc:
        log.warning("narration objects made from Python (QtQml missing: %s); a rare hang is possible", exc)
        return None
    engine = QQmlEngine(parent)
    component = QQmlComponent(engine)
    component.setData(NATIVE_PLAYER_QML, QUrl())
    player = component.create()
    if player is None:
        log.warning("narration objects made from Python (%s); a rare hang is possible", component.errorString().strip())
        engine.deleteLater()
        return None
    player.setParent(parent)
    return engine, player, player.audioOutput()
