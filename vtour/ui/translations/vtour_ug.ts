<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ug">
<context>
    <name>AreaDrawing</name>
    <message>
        <location filename="../area_drawing.py" line="126"/>
        <source>Draw &amp;Area</source>
        <translation>رايون سىزىش(&amp;A)</translation>
    </message>
    <message>
        <location filename="../area_drawing.py" line="129"/>
        <source>Click the corners of a new area; Enter or a click on the first corner closes it, Esc cancels</source>
        <translation>يېڭى رايوننىڭ بۇلۇڭلىرىنى چېكىڭ؛ Enter ياكى بىرىنچى بۇلۇڭنى چېكىش ئۇنى تاقايدۇ، Esc بىكار قىلىدۇ</translation>
    </message>
    <message>
        <location filename="../area_drawing.py" line="249"/>
        <source>New area</source>
        <translation>يېڭى رايون</translation>
    </message>
</context>
<context>
    <name>Compass</name>
    <message>
        <location filename="../compass.py" line="103"/>
        <source>Facing {point} ({degrees}°). Click to face north.</source>
        <translation>يۆنىلىش: {point} ({degrees}°). شىمالغا قاراش ئۈچۈن چېكىڭ.</translation>
    </message>
    <message>
        <location filename="../compass.py" line="105"/>
        <source>Compass: facing {point}</source>
        <translation>كومپاس: {point} تەرەپكە قاراۋاتىدۇ</translation>
    </message>
</context>
<context>
    <name>GuidedControlsBar</name>
    <message>
        <location filename="../guided_controls.py" line="342"/>
        <source>Previous step</source>
        <translation>ئالدىنقى قەدەم</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="344"/>
        <location filename="../guided_controls.py" line="412"/>
        <source>Pause</source>
        <translation>توختىتىش</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="347"/>
        <source>Next step</source>
        <translation>كېيىنكى قەدەم</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="353"/>
        <source>End the guided tour</source>
        <translation>يېتەكلىك ساياھەتنى ئاخىرلاشتۇرۇش</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="356"/>
        <source>Captions</source>
        <translation>ئېكران خېتى</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="412"/>
        <source>Play</source>
        <translation>قويۇش</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="416"/>
        <source>{title} · step {number} of {count}</source>
        <translation>{title} · {count} قەدەمنىڭ {number}-قەدىمى</translation>
    </message>
</context>
<context>
    <name>HotspotKeyboard</name>
    <message>
        <location filename="../accessibility.py" line="229"/>
        <source>Link to {scene}</source>
        <translation>{scene} غا ئۇلىنىش</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="231"/>
        <source>Area</source>
        <translation>رايون</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="232"/>
        <source>Information point</source>
        <translation>ئۇچۇر نۇقتىسى</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="237"/>
        <source>Panorama</source>
        <translation>پانوراما</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="241"/>
        <source>Panorama: {scene}</source>
        <translation>پانوراما: {scene}</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="242"/>
        <source>Tab moves through the hotspots; Enter opens the focused one.</source>
        <translation>Tab كۇنۇپكىسى قىزىق نۇقتىلار ئارىسىدا يۆتكىلىدۇ؛ Enter تاللانغان نۇقتىنى ئاچىدۇ.</translation>
    </message>
</context>
<context>
    <name>HotspotPropertiesPanel</name>
    <message>
        <location filename="../hotspot_properties.py" line="102"/>
        <source>Click a hotspot to edit it; Edit ▸ Add Hotspot (H) places a new one.</source>
        <translation>قىزىق نۇقتىنى چېكىپ تەھرىرلەڭ؛ «تەھرىر ▸ قىزىق نۇقتا قوشۇش» (H) يېڭىسىنى قويىدۇ.</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="122"/>
        <source>Id</source>
        <translation>كىملىك</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="125"/>
        <source>Type</source>
        <translation>تۈر</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="129"/>
        <source>Yaw</source>
        <translation>ئوڭ-سول بۇلۇڭى</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="129"/>
        <source>Pitch</source>
        <translation>ئۈستى-ئاستى بۇلۇڭى</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="135"/>
        <source>Target scene</source>
        <translation>نىشان مەنزىرە</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="137"/>
        <source>Use current view</source>
        <translation>نۆۋەتتىكى كۆرۈنۈشنى ئىشلىتىش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="139"/>
        <source>Store the view shown now as where visitors arrive in the target scene. Go to the target scene and look where they should arrive first, then press this button.</source>
        <translation>ھازىر كۆرسىتىلگەن كۆرۈنۈشنى زىيارەتچىلەر نىشان مەنزىرىگە يەتكەندىكى كۆرۈنۈش قىلىپ ساقلايدۇ. ئاۋۋال نىشان مەنزىرىگە بېرىپ، ئۇلار يېتىپ كېلىدىغان يۆنىلىشكە قاراپ، ئاندىن بۇ كۇنۇپكىنى بېسىڭ.</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="149"/>
        <source>Arrival view</source>
        <translation>يېتىپ كېلىش كۆرۈنۈشى</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="170"/>
        <source>Hotspot</source>
        <translation>قىزىق نۇقتا</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="176"/>
        <source>Transition</source>
        <translation>ئۆتۈش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="178"/>
        <source>Use the tour&apos;s transition</source>
        <translation>ساياھەتنىڭ ئۆتۈش ئۈنۈمىنى ئىشلىتىش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="179"/>
        <source>Cut (no animation)</source>
        <translation>بىۋاسىتە ئالماشتۇرۇش (كارتونسىز)</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="184"/>
        <source> s</source>
        <translation> سېكۇنت</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="186"/>
        <source>Zoom towards the link</source>
        <translation>ئۇلانما تەرەپكە چوڭايتىش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="189"/>
        <source>Duration</source>
        <translation>ۋاقىت ئۇزۇنلۇقى</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="197"/>
        <source>On the model</source>
        <translation>مودېل ئۈستىدە</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="204"/>
        <source>Position</source>
        <translation>ئورۇن</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="205"/>
        <source>Normal</source>
        <translation>نورمال</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="206"/>
        <source>Viewpoint</source>
        <translation>كۆرۈش نۇقتىسى</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="207"/>
        <source>Use current camera as viewpoint</source>
        <translation>نۆۋەتتىكى كامېرانى كۆرۈش نۇقتىسى قىلىش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="209"/>
        <source>Store where the model camera is now as the view a visitor is taken to for this hotspot.</source>
        <translation>مودېل كامېراسىنىڭ ھازىرقى ئورنىنى زىيارەتچى بۇ قىزىق نۇقتا ئۈچۈن ئېلىپ بېرىلىدىغان كۆرۈنۈش قىلىپ ساقلايدۇ.</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="211"/>
        <source>Clear viewpoint</source>
        <translation>كۆرۈش نۇقتىسىنى تازىلاش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="220"/>
        <source>Pictures and narration</source>
        <translation>رەسىم ۋە بايان</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="225"/>
        <source>Add…</source>
        <translation>قوشۇش…</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="227"/>
        <source>Remove</source>
        <translation>چىقىرىۋېتىش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="238"/>
        <source>Pictures</source>
        <translation>رەسىملەر</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="242"/>
        <source>Caption</source>
        <translation>ئىزاھات</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="242"/>
        <source>Alt text</source>
        <translation>ئورۇنباسار تېكىست</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="246"/>
        <source>Narration</source>
        <translation>بايان</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="246"/>
        <source>Captions</source>
        <translation>ئېكران خېتى</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="247"/>
        <source>Choose…</source>
        <translation>تاللاش…</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="247"/>
        <source>Clear</source>
        <translation>تازىلاش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="247"/>
        <source>per-language files: edit the JSON</source>
        <translation>تىل بويىچە ھۆججەتلەر: JSON نى تەھرىرلەڭ</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="276"/>
        <source>Title</source>
        <translation>ماۋزۇ</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="276"/>
        <source>Text</source>
        <translation>تېكىست</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="325"/>
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="327"/>
        <source>info</source>
        <translation>ئۇچۇر</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="327"/>
        <source>scene</source>
        <translation>مەنزىرە</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="327"/>
        <source>area</source>
        <translation>رايون</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="402"/>
        <source>missing</source>
        <translation>يوق</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="418"/>
        <source>{id} (not another scene)</source>
        <translation>{id} (باشقا مەنزىرە ئەمەس)</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="423"/>
        <source>yaw {yaw}°, pitch {pitch}°, hfov {hfov}°</source>
        <translation>ئوڭ-سول {yaw}°، ئۈستى-ئاستى {pitch}°، كۆرۈش بۇلۇڭى {hfov}°</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="426"/>
        <source>the same view</source>
        <translation>ئوخشاش كۆرۈنۈش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="428"/>
        <source>the same compass direction</source>
        <translation>ئوخشاش كومپاس يۆنىلىشى</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="430"/>
        <source>the scene&apos;s initial view</source>
        <translation>مەنزىرىنىڭ دەسلەپكى كۆرۈنۈشى</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="455"/>
        <source>from {eye} towards {target}</source>
        <translation>{eye} دىن {target} غا قاراپ</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="457"/>
        <source>the anchor</source>
        <translation>لەڭگەر نۇقتىسى</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="459"/>
        <source>an orbit around the target</source>
        <translation>نىشاننى ئايلىنىدىغان كۆرۈنۈش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="461"/>
        <source>none (the anchor, seen from the current distance)</source>
        <translation>يوق (لەڭگەر نۇقتىسى، ھازىرقى ئارىلىقتىن)</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="486"/>
        <source>Caption ({language})</source>
        <translation>ئىزاھات ({language})</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="487"/>
        <source>Alt text ({language})</source>
        <translation>ئورۇنباسار تېكىست ({language})</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="520"/>
        <source>Rename hotspot “{old}” to “{new}”</source>
        <translation>«{old}» قىزىق نۇقتىسىنى «{new}» غا ئۆزگەرتىش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="525"/>
        <source>An id cannot be empty.</source>
        <translation>كىملىك بوش بولسا بولمايدۇ.</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="527"/>
        <source>“{id}” is not a valid id: use letters, digits, &apos;_&apos;, &apos;-&apos; and &apos;.&apos;.</source>
        <translation>«{id}» ئىناۋەتلىك كىملىك ئەمەس: ھەرپ، رەقەم، &apos;_&apos;، &apos;-&apos; ۋە &apos;.&apos; نى ئىشلىتىڭ.</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="532"/>
        <source>This scene already has a hotspot “{id}”.</source>
        <translation>بۇ مەنزىرىدە «{id}» قىزىق نۇقتىسى بار.</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="574"/>
        <source>Link “{id}” to scene “{target}”</source>
        <translation>«{id}» نى «{target}» مەنزىرىسىگە ئۇلاش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="590"/>
        <source>Set the arrival view of “{id}”</source>
        <translation>«{id}» نىڭ يېتىپ كېلىش كۆرۈنۈشىنى بەلگىلەش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="601"/>
        <source>Use the tour&apos;s transition for “{id}”</source>
        <translation>«{id}» ئۈچۈن ساياھەتنىڭ ئۆتۈش ئۈنۈمىنى ئىشلىتىش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="611"/>
        <source>Set the transition of “{id}”</source>
        <translation>«{id}» نىڭ ئۆتۈش ئۈنۈمىنى بەلگىلەش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="625"/>
        <source>Set the viewpoint of “{id}”</source>
        <translation>«{id}» نىڭ كۆرۈش نۇقتىسىنى بەلگىلەش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="632"/>
        <source>Clear the viewpoint of “{id}”</source>
        <translation>«{id}» نىڭ كۆرۈش نۇقتىسىنى تازىلاش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="648"/>
        <source>“{file}” is outside the tour&apos;s folder ({folder}). A tour&apos;s files must stay inside its folder: copy the file there first, then choose the copy.</source>
        <translation>«{file}» ساياھەت قىسقۇچى ({folder}) نىڭ سىرتىدا. ساياھەتنىڭ ھۆججەتلىرى ئۆز قىسقۇچىدا تۇرۇشى كېرەك: ئاۋۋال ھۆججەتنى ئۇ يەرگە كۆچۈرۈپ، ئاندىن كۆپەيتىلمىسىنى تاللاڭ.</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="667"/>
        <source>Add a picture</source>
        <translation>رەسىم قوشۇش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="671"/>
        <source>Add picture {path} to “{id}”</source>
        <translation>«{id}» غا {path} رەسىمىنى قوشۇش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="681"/>
        <source>Remove picture {path} from “{id}”</source>
        <translation>«{id}» دىن {path} رەسىمىنى چىقىرىۋېتىش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="701"/>
        <source>caption</source>
        <translation>ئىزاھات</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="701"/>
        <source>alt text</source>
        <translation>ئورۇنباسار تېكىست</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="703"/>
        <source>Edit the {what} of picture {path}</source>
        <translation>{path} رەسىمىنىڭ {what} نى تەھرىرلەش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="711"/>
        <source>Choose the narration</source>
        <translation>باياننى تاللاش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="711"/>
        <source>Choose the captions (WebVTT)</source>
        <translation>تېكىست ئىزاھاتىنى تاللاش (WebVTT)</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="715"/>
        <location filename="../hotspot_properties.py" line="723"/>
        <source>narration</source>
        <translation>بايان</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="715"/>
        <location filename="../hotspot_properties.py" line="723"/>
        <source>captions</source>
        <translation>تېكىست ئىزاھاتى</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="717"/>
        <source>Set the {what} of “{id}”</source>
        <translation>«{id}» نىڭ {what} نى بەلگىلەش</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="725"/>
        <source>Clear the {what} of “{id}”</source>
        <translation>«{id}» نىڭ {what} نى تازىلاش</translation>
    </message>
</context>
<context>
    <name>InfoPanel</name>
    <message>
        <location filename="../info_panel.py" line="302"/>
        <source>Information: {title}</source>
        <translation>ئۇچۇر: {title}</translation>
    </message>
    <message>
        <location filename="../info_panel.py" line="441"/>
        <source>Pause</source>
        <translation>توختىتىش</translation>
    </message>
    <message>
        <location filename="../info_panel.py" line="441"/>
        <source>Play narration</source>
        <translation>چۈشەندۈرۈشنى قويۇش</translation>
    </message>
    <message>
        <location filename="../info_panel.py" line="481"/>
        <source>Close (Esc)</source>
        <translation>تاقاش (Esc)</translation>
    </message>
    <message>
        <location filename="../info_panel.py" line="482"/>
        <source>Close</source>
        <translation>تاقاش</translation>
    </message>
    <message>
        <location filename="../info_panel.py" line="483"/>
        <source>Captions</source>
        <translation>ئېكران خېتى</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <location filename="../kiosk.py" line="295"/>
        <source>Touch your language to begin</source>
        <translation>باشلاش ئۈچۈن تىلىڭىزنى تاللاڭ</translation>
    </message>
    <message>
        <location filename="../kiosk.py" line="295"/>
        <source>Touch the screen to begin</source>
        <translation>باشلاش ئۈچۈن ئېكراننى چېكىڭ</translation>
    </message>
</context>
<context>
    <name>LanguageController</name>
    <message>
        <location filename="../i18n.py" line="357"/>
        <source>&amp;Language</source>
        <translation>تىل(&amp;L)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../preferences.py" line="119"/>
        <source>Pr&amp;eferences…</source>
        <translation>تەڭشەكلەر(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../window.py" line="112"/>
        <source>&amp;Open…</source>
        <translation>ئېچىش(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../window.py" line="113"/>
        <source>&amp;Quit</source>
        <translation>چېكىنىش(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../window.py" line="114"/>
        <source>&amp;Fullscreen</source>
        <translation>پۈتۈن ئېكران(&amp;F)</translation>
    </message>
    <message>
        <location filename="../window.py" line="117"/>
        <source>&amp;Reset View</source>
        <translation>كۆرۈنۈشنى ئەسلىگە قايتۇرۇش(&amp;R)</translation>
    </message>
    <message>
        <location filename="../window.py" line="118"/>
        <source>&amp;About vtour</source>
        <translation>vtour ھەققىدە(&amp;A)</translation>
    </message>
    <message>
        <location filename="../window.py" line="134"/>
        <source>&amp;Rectilinear</source>
        <translation>تۈز سىزىقلىق(&amp;R)</translation>
    </message>
    <message>
        <location filename="../window.py" line="135"/>
        <source>&amp;Stereographic (little planet)</source>
        <translation>ستېرېئوگرافىك (كىچىك سەييارە)(&amp;S)</translation>
    </message>
    <message>
        <location filename="../window.py" line="136"/>
        <source>&amp;Pannini (wide interiors)</source>
        <translation>پاننىنى (كەڭ ئىچكى بوشلۇق)(&amp;P)</translation>
    </message>
    <message>
        <location filename="../window.py" line="149"/>
        <source>&amp;File</source>
        <translation>ھۆججەت(&amp;F)</translation>
    </message>
    <message>
        <location filename="../window.py" line="153"/>
        <source>&amp;View</source>
        <translation>كۆرۈنۈش(&amp;V)</translation>
    </message>
    <message>
        <location filename="../window.py" line="155"/>
        <source>&amp;Projection</source>
        <translation>پروجېكسىيە(&amp;P)</translation>
    </message>
    <message>
        <location filename="../window.py" line="159"/>
        <source>&amp;Help</source>
        <translation>ياردەم(&amp;H)</translation>
    </message>
    <message>
        <location filename="../window.py" line="186"/>
        <source>Opening {name}</source>
        <translation>{name} ئېچىلىۋاتىدۇ</translation>
    </message>
    <message>
        <location filename="../window.py" line="186"/>
        <location filename="../window.py" line="213"/>
        <source>Starting…</source>
        <translation>باشلىنىۋاتىدۇ…</translation>
    </message>
    <message>
        <location filename="../window.py" line="213"/>
        <source>Opening scene</source>
        <translation>كۆرۈنۈش ئېچىلىۋاتىدۇ</translation>
    </message>
    <message>
        <location filename="../window.py" line="219"/>
        <source>Tours and panoramas (*.json *.jpg *.jpeg *.png *.tif *.tiff *.webp);;All files (*)</source>
        <translation>ساياھەت ۋە پانورامىلار (*.json *.jpg *.jpeg *.png *.tif *.tiff *.webp);;بارلىق ھۆججەتلەر (*)</translation>
    </message>
    <message>
        <location filename="../window.py" line="220"/>
        <source>Open Tour</source>
        <translation>ساياھەت ئېچىش</translation>
    </message>
    <message>
        <location filename="../window.py" line="284"/>
        <source>About vtour</source>
        <translation>vtour ھەققىدە</translation>
    </message>
    <message>
        <location filename="../window.py" line="285"/>
        <source>&lt;h3&gt;vtour {version}&lt;/h3&gt;&lt;p&gt;Immersive virtual tours of cultural-heritage sites.&lt;/p&gt;&lt;p&gt;Drag to look around, scroll or pinch to zoom, arrow keys or WASD to turn, +/− to zoom, F11 for fullscreen.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;vtour {version}&lt;/h3&gt;&lt;p&gt;مەدەنىي مىراس جايلىرىنىڭ مەۋھۇم ساياھىتى.&lt;/p&gt;&lt;p&gt;ئەتراپقا قاراش ئۈچۈن سۆرەڭ؛ چوڭايتىش ئۈچۈن چاقچىقىنى دومىلىتىڭ ياكى ئىككى بارماق بىلەن قىسىڭ؛ بۇرۇلۇش ئۈچۈن يا ئوق كۇنۇپكىلىرى ياكى WASD؛ چوڭايتىش-كىچىكلىتىش ئۈچۈن +/−؛ پۈتۈن ئېكران ئۈچۈن F11.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../window.py" line="304"/>
        <source>Preparing the view…</source>
        <translation>كۆرۈنۈش تەييارلىنىۋاتىدۇ…</translation>
    </message>
    <message>
        <location filename="../window.py" line="345"/>
        <source>Cannot show panoramas</source>
        <translation>پانورامىنى كۆرسىتەلمىدى</translation>
    </message>
</context>
<context>
    <name>ModelHotspotLayer</name>
    <message>
        <location filename="../model_hotspots.py" line="227"/>
        <source>3D model</source>
        <translation>ئۈچ ئۆلچەملىك مودېل</translation>
    </message>
    <message>
        <location filename="../model_hotspots.py" line="230"/>
        <source>3D model: {scene}</source>
        <translation>ئۈچ ئۆلچەملىك مودېل: {scene}</translation>
    </message>
    <message>
        <location filename="../model_hotspots.py" line="231"/>
        <source>Tab moves through the hotspots; Enter opens the focused one.</source>
        <translation>Tab كۇنۇپكىسى قىزىق نۇقتىلار ئارىسىدا يۆتكىلىدۇ؛ Enter تاللانغان نۇقتىنى ئاچىدۇ.</translation>
    </message>
</context>
<context>
    <name>ModelView</name>
    <message>
        <location filename="../model_view.py" line="315"/>
        <source>The model renderer could not start: {problem}</source>
        <translation>مودېل سىزغۇچنى قوزغىتالمىدى: {problem}</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="334"/>
        <source>The model could not be shown: {problem}</source>
        <translation>مودېلنى كۆرسىتەلمىدى: {problem}</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="423"/>
        <source>Drawing the model failed: {problem}</source>
        <translation>مودېلنى سىزىش مەغلۇپ بولدى: {problem}</translation>
    </message>
</context>
<context>
    <name>NavigationPanels</name>
    <message>
        <location filename="../navigation_panels.py" line="51"/>
        <source>Scenes</source>
        <translation>كۆرۈنۈشلەر</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="53"/>
        <source>Site map</source>
        <translation>جاي خەرىتىسى</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="139"/>
        <source>&amp;Tour</source>
        <translation>ساياھەت(&amp;T)</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="142"/>
        <source>&amp;Play Guided Tour</source>
        <translation>يېتەكلىك ساياھەتنى قويۇش(&amp;P)</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="146"/>
        <source>Guided &amp;Tours</source>
        <translation>يېتەكلىك ساياھەتلەر(&amp;T)</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="150"/>
        <source>&amp;Scene List</source>
        <translation>كۆرۈنۈش تىزىملىكى(&amp;S)</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="151"/>
        <source>Site &amp;Map</source>
        <translation>جاي خەرىتىسى(&amp;M)</translation>
    </message>
</context>
<context>
    <name>OverviewController</name>
    <message>
        <location filename="../overview.py" line="54"/>
        <location filename="../overview.py" line="175"/>
        <source>&amp;Overview</source>
        <translation>ئومۇمىي كۆرۈنۈش(&amp;O)</translation>
    </message>
    <message>
        <location filename="../overview.py" line="56"/>
        <source>Fly out to the site model, and back into a panorama</source>
        <translation>ئورۇن مودېلىغا ئۇچۇپ چىقىش ۋە پانوراماغا قايتىش</translation>
    </message>
    <message>
        <location filename="../overview.py" line="175"/>
        <source>Back to &amp;Overview</source>
        <translation>ئومۇمىي كۆرۈنۈشكە قايتىش(&amp;O)</translation>
    </message>
</context>
<context>
    <name>PanoramaLoader</name>
    <message>
        <location filename="../loader.py" line="190"/>
        <source>Reading {name}…</source>
        <translation>{name} ئوقۇلۇۋاتىدۇ…</translation>
    </message>
    <message>
        <location filename="../loader.py" line="233"/>
        <source>Decoding {file}…</source>
        <translation>{file} يېشىلىۋاتىدۇ…</translation>
    </message>
    <message>
        <location filename="../loader.py" line="234"/>
        <source>Decoding the cube faces…</source>
        <translation>كۇبنىڭ يۈزلىرى يېشىلىۋاتىدۇ…</translation>
    </message>
    <message>
        <location filename="../loader.py" line="247"/>
        <source>the scene</source>
        <translation>كۆرۈنۈش</translation>
    </message>
    <message>
        <location filename="../loader.py" line="248"/>
        <source>Could not open {name}</source>
        <translation>{name} نى ئاچالمىدى</translation>
    </message>
    <message>
        <location filename="../loader.py" line="251"/>
        <source>The 3D model could not be read: {problem}</source>
        <translation>3D مودېلنى ئوقۇيالمىدى: {problem}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="255"/>
        <source>The panorama image could not be read: {problem}</source>
        <translation>پانوراما رەسىمىنى ئوقۇيالمىدى: {problem}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="257"/>
        <source>File not found: {file}</source>
        <translation>ھۆججەت تېپىلمىدى: {file}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="259"/>
        <source>The file could not be read: {problem}</source>
        <translation>ھۆججەتنى ئوقۇيالمىدى: {problem}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="261"/>
        <source>Not enough memory to decode this panorama.</source>
        <translation>بۇ پانورامىنى يېشىشكە ئىچكى ساقلىغۇچ يېتىشمىدى.</translation>
    </message>
    <message>
        <location filename="../loader.py" line="265"/>
        <source>Unexpected error: {problem}</source>
        <translation>كۈتۈلمىگەن خاتالىق: {problem}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="273"/>
        <source>The tour file has an error: {first}</source>
        <translation>ساياھەت ھۆججىتىدە بىر خاتالىق بار: {first}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="275"/>
        <source>The tour file has errors: {first} (and 1 more)</source>
        <translation>ساياھەت ھۆججىتىدە خاتالىق بار: {first} (يەنە 1 خاتالىق بار)</translation>
    </message>
    <message>
        <location filename="../loader.py" line="276"/>
        <source>The tour file has errors: {first} (and {more} more)</source>
        <translation>ساياھەت ھۆججىتىدە خاتالىق بار: {first} (يەنە {more} خاتالىق بار)</translation>
    </message>
</context>
<context>
    <name>PanoramaView</name>
    <message>
        <location filename="../panorama_view.py" line="218"/>
        <source>The panorama renderer could not start: {problem}</source>
        <translation>پانوراما سىزغۇچ قوزغالمىدى: {problem}</translation>
    </message>
    <message>
        <location filename="../panorama_view.py" line="256"/>
        <source>Drawing the panorama failed: {problem}</source>
        <translation>پانورامىنى سىزىش مەغلۇپ بولدى: {problem}</translation>
    </message>
    <message>
        <location filename="../panorama_view.py" line="282"/>
        <source>The panorama could not be shown: {problem}</source>
        <translation>پانورامىنى كۆرسىتىشكە بولمىدى: {problem}</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../kiosk_screens.py" line="218"/>
        <source>Operator PIN</source>
        <translation>باشقۇرغۇچى پارولى</translation>
    </message>
    <message>
        <location filename="../kiosk_screens.py" line="234"/>
        <source>OK</source>
        <translation>جەزملە</translation>
    </message>
    <message>
        <location filename="../kiosk_screens.py" line="236"/>
        <source>Cancel</source>
        <translation>ۋاز كەچ</translation>
    </message>
    <message numerus="yes">
        <location filename="../kiosk_screens.py" line="254"/>
        <source>Too many wrong PINs. Try again in %n second(s).</source>
        <translation>
            <numerusform>پارول كۆپ قېتىم خاتا كىرگۈزۈلدى. %n سېكۇنتتىن كېيىن قايتا سىناڭ.</numerusform>
            <numerusform>پارول كۆپ قېتىم خاتا كىرگۈزۈلدى. %n سېكۇنتتىن كېيىن قايتا سىناڭ.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../kiosk_screens.py" line="264"/>
        <source>Wrong PIN.</source>
        <translation>پارول خاتا.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../preferences.py" line="101"/>
        <source>Preferences</source>
        <translation>تەڭشەكلەر</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="102"/>
        <location filename="../preferences.py" line="104"/>
        <source>Reduce motion</source>
        <translation>ھەرىكەتنى ئازايتىش</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="103"/>
        <source>No inertia, no animated transitions</source>
        <translation>ئىنېرتسىيە ۋە جانلىق ئۆتۈش يوق</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="105"/>
        <location filename="../preferences.py" line="106"/>
        <source>Text size</source>
        <translation>خەت چوڭلۇقى</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <location filename="../editor.py" line="553"/>
        <source>Overwrite</source>
        <translation>قاپلاش</translation>
    </message>
    <message>
        <location filename="../editor.py" line="554"/>
        <source>Reload</source>
        <translation>قايتا يۈكلەش</translation>
    </message>
</context>
<context>
    <name>SceneActions</name>
    <message>
        <location filename="../scene_editing.py" line="58"/>
        <source>S&amp;cene</source>
        <translation>مەنزىرە(&amp;C)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="61"/>
        <source>Set &amp;Initial View Here</source>
        <translation>بۇ يەرنى دەسلەپكى كۆرۈنۈش قىلىش(&amp;I)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="62"/>
        <source>This Way Is &amp;North</source>
        <translation>بۇ يۆنىلىش شىمال(&amp;N)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="63"/>
        <source>Limit Zoom &amp;Out to Here</source>
        <translation>كىچىكلىتىشنى مۇشۇ يەرگىچە چەكلەش(&amp;O)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="64"/>
        <source>Limit Zoom &amp;In to Here</source>
        <translation>چوڭايتىشنى مۇشۇ يەرگىچە چەكلەش(&amp;I)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="65"/>
        <source>&amp;Rename Scene…</source>
        <translation>مەنزىرە نامىنى ئۆزگەرتىش(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="66"/>
        <source>Move Scene &amp;Up</source>
        <translation>مەنزىرىنى يۇقىرىغا(&amp;U)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="67"/>
        <source>Move Scene &amp;Down</source>
        <translation>مەنزىرىنى تۆۋەنگە(&amp;D)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="68"/>
        <source>&amp;Add Scene from File…</source>
        <translation>ھۆججەتتىن مەنزىرە قوشۇش(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="69"/>
        <source>D&amp;elete Scene</source>
        <translation>مەنزىرىنى ئۆچۈرۈش(&amp;E)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="103"/>
        <source>Cannot set the initial view</source>
        <translation>دەسلەپكى كۆرۈنۈشنى بەلگىلىگىلى بولمايدۇ</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="125"/>
        <source>Cannot set the zoom limit</source>
        <translation>چوڭايتىش چېكىنى بەلگىلىگىلى بولمايدۇ</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="126"/>
        <source>The closest zoom ({low}°) would be wider than the widest ({high}°).</source>
        <translation>ئەڭ يېقىن چوڭايتىش ({low}°) ئەڭ كەڭ كۆرۈنۈشتىن ({high}°) كەڭ بولۇپ قالىدۇ.</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="136"/>
        <source>Rename Scene</source>
        <translation>مەنزىرە نامىنى ئۆزگەرتىش</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="136"/>
        <source>New id for scene “{id}”:</source>
        <translation>«{id}» مەنزىرىسىنىڭ يېڭى كىملىكى:</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="142"/>
        <source>Cannot rename the scene</source>
        <translation>مەنزىرە نامىنى ئۆزگەرتكىلى بولمايدۇ</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="162"/>
        <source>Add Scene from File</source>
        <translation>ھۆججەتتىن مەنزىرە قوشۇش</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="169"/>
        <location filename="../scene_editing.py" line="178"/>
        <source>Cannot add the scene</source>
        <translation>مەنزىرە قوشقىلى بولمايدۇ</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="189"/>
        <source>Delete Scene</source>
        <translation>مەنزىرىنى ئۆچۈرۈش</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="189"/>
        <source>Delete scene “{id}”?</source>
        <translation>«{id}» مەنزىرىسىنى ئۆچۈرەمسىز؟</translation>
    </message>
</context>
<context>
    <name>SceneSwitcher</name>
    <message>
        <location filename="../transitions.py" line="160"/>
        <source>Opening scene</source>
        <translation>كۆرۈنۈش ئېچىلىۋاتىدۇ</translation>
    </message>
    <message>
        <location filename="../transitions.py" line="160"/>
        <source>Decoding…</source>
        <translation>يېشىلىۋاتىدۇ…</translation>
    </message>
    <message>
        <location filename="../transitions.py" line="278"/>
        <source>&amp;Back</source>
        <translation>كەينىگە(&amp;B)</translation>
    </message>
    <message>
        <location filename="../transitions.py" line="281"/>
        <source>&amp;Forward</source>
        <translation>ئالدىغا(&amp;F)</translation>
    </message>
    <message>
        <location filename="../transitions.py" line="288"/>
        <source>&amp;Go</source>
        <translation>بېرىش(&amp;G)</translation>
    </message>
</context>
<context>
    <name>SceneTitle</name>
    <message>
        <location filename="../scene_title.py" line="57"/>
        <source>Scene: {title}</source>
        <translation>كۆرۈنۈش: {title}</translation>
    </message>
</context>
<context>
    <name>SiteMapEditing</name>
    <message>
        <location filename="../site_map_editing.py" line="50"/>
        <source>Place Current Scene on &amp;Map</source>
        <translation>نۆۋەتتىكى مەنزىرىنى خەرىتىگە قويۇش(&amp;M)</translation>
    </message>
    <message>
        <location filename="../site_map_editing.py" line="52"/>
        <source>Click the site map to place the current scene there</source>
        <translation>نۆۋەتتىكى مەنزىرىنى قويۇش ئۈچۈن جاي خەرىتىسىنى چېكىڭ</translation>
    </message>
</context>
<context>
    <name>SiteMapView</name>
    <message>
        <location filename="../site_map.py" line="160"/>
        <source>This tour has no site map.</source>
        <translation>بۇ ساياھەتنىڭ جاي خەرىتىسى يوق.</translation>
    </message>
</context>
<context>
    <name>StatusOverlay</name>
    <message>
        <location filename="../overlay.py" line="170"/>
        <location filename="../overlay.py" line="216"/>
        <source>Show details</source>
        <translation>تەپسىلاتنى كۆرسىتىش</translation>
    </message>
    <message>
        <location filename="../overlay.py" line="173"/>
        <source>Open another tour…</source>
        <translation>باشقا ساياھەت ئېچىش…</translation>
    </message>
    <message>
        <location filename="../overlay.py" line="216"/>
        <source>Hide details</source>
        <translation>تەپسىلاتنى يوشۇرۇش</translation>
    </message>
</context>
<context>
    <name>StillTherePrompt</name>
    <message>
        <location filename="../kiosk_screens.py" line="164"/>
        <source>Are you still there?</source>
        <translation>سىز يەنىلا بارمۇ؟</translation>
    </message>
    <message>
        <location filename="../kiosk_screens.py" line="165"/>
        <source>Continue</source>
        <translation>داۋاملاشتۇر</translation>
    </message>
    <message numerus="yes">
        <location filename="../kiosk_screens.py" line="170"/>
        <source>Touch the screen to continue. The tour restarts in %n second(s).</source>
        <translation>
            <numerusform>داۋاملاشتۇرۇش ئۈچۈن ئېكراننى چېكىڭ. ساياھەت %n سېكۇنتتىن كېيىن قايتا باشلىنىدۇ.</numerusform>
            <numerusform>داۋاملاشتۇرۇش ئۈچۈن ئېكراننى چېكىڭ. ساياھەت %n سېكۇنتتىن كېيىن قايتا باشلىنىدۇ.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TourEditor</name>
    <message>
        <location filename="../editor.py" line="192"/>
        <source>Recover unsaved changes?</source>
        <translation>ساقلانمىغان ئۆزگىرىشلەرنى ئەسلىگە كەلتۈرەمسىز؟</translation>
    </message>
    <message>
        <location filename="../editor.py" line="193"/>
        <source>vtour found changes to {name} that were not saved (autosaved {when}). Recover them?</source>
        <translation>vtour {name} دىكى ساقلانمىغان ئۆزگىرىشلەرنى تاپتى ({when} دە ئاپتوماتىك ساقلانغان). ئەسلىگە كەلتۈرەمسىز؟</translation>
    </message>
    <message>
        <location filename="../editor.py" line="197"/>
        <source>Recover unsaved changes</source>
        <translation>ساقلانمىغان ئۆزگىرىشلەرنى ئەسلىگە كەلتۈرۈش</translation>
    </message>
    <message>
        <location filename="../editor.py" line="235"/>
        <location filename="../editor.py" line="448"/>
        <source>New hotspot</source>
        <translation>يېڭى قىزىق نۇقتا</translation>
    </message>
    <message>
        <location filename="../editor.py" line="258"/>
        <location filename="../editor.py" line="331"/>
        <source>The file was changed elsewhere</source>
        <translation>ھۆججەت باشقا يەردە ئۆزگەرتىلدى</translation>
    </message>
    <message>
        <location filename="../editor.py" line="259"/>
        <source>{name} was changed by another program since it was opened. Overwrite it with your version, reload theirs (your changes are lost), or cancel?</source>
        <translation>{name} ئېچىلغاندىن كېيىن باشقا پروگرامما تەرىپىدىن ئۆزگەرتىلدى. سىزنىڭ نۇسخىڭىز بىلەن قاپلامسىز، ئۇلارنىڭكىنى قايتا يۈكلەمسىز (ئۆزگىرىشلىرىڭىز يوقىلىدۇ)، ياكى بىكار قىلامسىز؟</translation>
    </message>
    <message>
        <location filename="../editor.py" line="268"/>
        <location filename="../editor.py" line="276"/>
        <source>Cannot save</source>
        <translation>ساقلىغىلى بولمايدۇ</translation>
    </message>
    <message>
        <location filename="../editor.py" line="315"/>
        <source>Unsaved changes</source>
        <translation>ساقلانمىغان ئۆزگىرىشلەر</translation>
    </message>
    <message>
        <location filename="../editor.py" line="316"/>
        <source>Save the changes to {name} before closing?</source>
        <translation>تاقاشتىن بۇرۇن {name} دىكى ئۆزگىرىشلەرنى ساقلامسىز؟</translation>
    </message>
    <message>
        <location filename="../editor.py" line="332"/>
        <source>{name} was changed by another program. Reload it? (Your unsaved changes would be lost.)</source>
        <translation>{name} باشقا پروگرامما تەرىپىدىن ئۆزگەرتىلدى. قايتا يۈكلەمسىز؟ (ساقلانمىغان ئۆزگىرىشلىرىڭىز يوقىلىدۇ.)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="334"/>
        <source>{name} was changed by another program. Reload it?</source>
        <translation>{name} باشقا پروگرامما تەرىپىدىن ئۆزگەرتىلدى. قايتا يۈكلەمسىز؟</translation>
    </message>
    <message>
        <location filename="../editor.py" line="473"/>
        <source>&amp;Edit</source>
        <translation>تەھرىر(&amp;E)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="475"/>
        <source>&amp;Undo</source>
        <translation>يېنىۋېلىش(&amp;U)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="477"/>
        <source>&amp;Redo</source>
        <translation>قايتا قىلىش(&amp;R)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="479"/>
        <source>&amp;Save</source>
        <translation>ساقلاش(&amp;S)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="480"/>
        <source>&amp;Add Hotspot</source>
        <translation>قىزىق نۇقتا قوشۇش(&amp;A)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="482"/>
        <source>&amp;Delete Hotspot</source>
        <translation>قىزىق نۇقتىنى ئۆچۈرۈش(&amp;D)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="484"/>
        <source>D&amp;uplicate Hotspot</source>
        <translation>قىزىق نۇقتىنى كۆپەيتىش(&amp;U)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="504"/>
        <source>Problems</source>
        <translation>مەسىلىلەر</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../model_view.py" line="614"/>
        <source>&amp;Navigation</source>
        <translation>يۆتكىلىش ئۇسۇلى(&amp;N)</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="616"/>
        <source>&amp;Orbit</source>
        <translation>ئايلىنىش(&amp;O)</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="617"/>
        <source>&amp;Walk (first person)</source>
        <translation>مېڭىش (بىرىنچى شەخس)(&amp;W)</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="621"/>
        <source>&amp;Toggle Walk / Orbit</source>
        <translation>مېڭىش / ئايلىنىشنى ئالماشتۇرۇش(&amp;T)</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="624"/>
        <source>&amp;Frame Model</source>
        <translation>مودېلنى تولۇق كۆرسىتىش(&amp;F)</translation>
    </message>
</context>
</TS>
