<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AreaDrawing</name>
    <message>
        <location filename="../area_drawing.py" line="126"/>
        <source>Draw &amp;Area</source>
        <translation>绘制区域(&amp;A)</translation>
    </message>
    <message>
        <location filename="../area_drawing.py" line="129"/>
        <source>Click the corners of a new area; Enter or a click on the first corner closes it, Esc cancels</source>
        <translation>依次点击新区域的各个角；按 Enter 或点击第一个角即可闭合，Esc 取消</translation>
    </message>
    <message>
        <location filename="../area_drawing.py" line="249"/>
        <source>New area</source>
        <translation>新区域</translation>
    </message>
</context>
<context>
    <name>Compass</name>
    <message>
        <location filename="../compass.py" line="103"/>
        <source>Facing {point} ({degrees}°). Click to face north.</source>
        <translation>朝向{point}（{degrees}°）。点击朝向北方。</translation>
    </message>
    <message>
        <location filename="../compass.py" line="105"/>
        <source>Compass: facing {point}</source>
        <translation>罗盘：朝向{point}</translation>
    </message>
</context>
<context>
    <name>GuidedControlsBar</name>
    <message>
        <location filename="../guided_controls.py" line="342"/>
        <source>Previous step</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="344"/>
        <location filename="../guided_controls.py" line="412"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="347"/>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="353"/>
        <source>End the guided tour</source>
        <translation>结束导览</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="356"/>
        <source>Captions</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="412"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../guided_controls.py" line="416"/>
        <source>{title} · step {number} of {count}</source>
        <translation>{title} · 第 {number} 步，共 {count} 步</translation>
    </message>
</context>
<context>
    <name>HotspotKeyboard</name>
    <message>
        <location filename="../accessibility.py" line="229"/>
        <source>Link to {scene}</source>
        <translation>前往“{scene}”的链接</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="231"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="232"/>
        <source>Information point</source>
        <translation>信息点</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="237"/>
        <source>Panorama</source>
        <translation>全景</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="241"/>
        <source>Panorama: {scene}</source>
        <translation>全景：{scene}</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="242"/>
        <source>Tab moves through the hotspots; Enter opens the focused one.</source>
        <translation>按 Tab 键在热点之间移动；按 Enter 键打开当前热点。</translation>
    </message>
</context>
<context>
    <name>HotspotPropertiesPanel</name>
    <message>
        <location filename="../hotspot_properties.py" line="102"/>
        <source>Click a hotspot to edit it; Edit ▸ Add Hotspot (H) places a new one.</source>
        <translation>点击热点即可编辑；“编辑 ▸ 添加热点”(H) 可放置新热点。</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="122"/>
        <source>Id</source>
        <translation>标识</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="125"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="129"/>
        <source>Yaw</source>
        <translation>偏航角</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="129"/>
        <source>Pitch</source>
        <translation>俯仰角</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="135"/>
        <source>Target scene</source>
        <translation>目标场景</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="137"/>
        <source>Use current view</source>
        <translation>使用当前视角</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="139"/>
        <source>Store the view shown now as where visitors arrive in the target scene. Go to the target scene and look where they should arrive first, then press this button.</source>
        <translation>将当前视角保存为访客到达目标场景时的视角。请先进入目标场景，看向访客应到达的方向，再按此按钮。</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="149"/>
        <source>Arrival view</source>
        <translation>到达视角</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="170"/>
        <source>Hotspot</source>
        <translation>热点</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="176"/>
        <source>Transition</source>
        <translation>过渡</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="178"/>
        <source>Use the tour&apos;s transition</source>
        <translation>使用导览的过渡效果</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="179"/>
        <source>Cut (no animation)</source>
        <translation>直接切换（无动画）</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="184"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="186"/>
        <source>Zoom towards the link</source>
        <translation>向链接方向缩放</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="189"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="197"/>
        <source>On the model</source>
        <translation>在模型上</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="204"/>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="205"/>
        <source>Normal</source>
        <translation>法线</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="206"/>
        <source>Viewpoint</source>
        <translation>视点</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="207"/>
        <source>Use current camera as viewpoint</source>
        <translation>使用当前相机作为视点</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="209"/>
        <source>Store where the model camera is now as the view a visitor is taken to for this hotspot.</source>
        <translation>将模型相机的当前位置保存为访客查看此热点时被带到的视角。</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="211"/>
        <source>Clear viewpoint</source>
        <translation>清除视点</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="220"/>
        <source>Pictures and narration</source>
        <translation>图片与解说</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="225"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="227"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="238"/>
        <source>Pictures</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="242"/>
        <source>Caption</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="242"/>
        <source>Alt text</source>
        <translation>替代文本</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="246"/>
        <source>Narration</source>
        <translation>解说</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="246"/>
        <source>Captions</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="247"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="247"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="247"/>
        <source>per-language files: edit the JSON</source>
        <translation>按语言分别的文件：请编辑 JSON</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="276"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="276"/>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="325"/>
        <source>3D</source>
        <translation>三维</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="327"/>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="327"/>
        <source>scene</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="327"/>
        <source>area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="402"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="418"/>
        <source>{id} (not another scene)</source>
        <translation>{id}（不是其他场景）</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="423"/>
        <source>yaw {yaw}°, pitch {pitch}°, hfov {hfov}°</source>
        <translation>偏航 {yaw}°，俯仰 {pitch}°，水平视角 {hfov}°</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="426"/>
        <source>the same view</source>
        <translation>相同视角</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="428"/>
        <source>the same compass direction</source>
        <translation>相同的罗盘方向</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="430"/>
        <source>the scene&apos;s initial view</source>
        <translation>场景的初始视角</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="455"/>
        <source>from {eye} towards {target}</source>
        <translation>从 {eye} 朝向 {target}</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="457"/>
        <source>the anchor</source>
        <translation>锚点</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="459"/>
        <source>an orbit around the target</source>
        <translation>围绕目标的环绕视角</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="461"/>
        <source>none (the anchor, seen from the current distance)</source>
        <translation>无（从当前距离看向锚点）</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="486"/>
        <source>Caption ({language})</source>
        <translation>说明（{language}）</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="487"/>
        <source>Alt text ({language})</source>
        <translation>替代文本（{language}）</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="520"/>
        <source>Rename hotspot “{old}” to “{new}”</source>
        <translation>将热点“{old}”重命名为“{new}”</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="525"/>
        <source>An id cannot be empty.</source>
        <translation>标识不能为空。</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="527"/>
        <source>“{id}” is not a valid id: use letters, digits, &apos;_&apos;, &apos;-&apos; and &apos;.&apos;.</source>
        <translation>“{id}”不是有效的标识：请使用字母、数字、&apos;_&apos;、&apos;-&apos; 和 &apos;.&apos;。</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="532"/>
        <source>This scene already has a hotspot “{id}”.</source>
        <translation>此场景已有热点“{id}”。</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="574"/>
        <source>Link “{id}” to scene “{target}”</source>
        <translation>将“{id}”链接到场景“{target}”</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="590"/>
        <source>Set the arrival view of “{id}”</source>
        <translation>设置“{id}”的到达视角</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="601"/>
        <source>Use the tour&apos;s transition for “{id}”</source>
        <translation>为“{id}”使用导览的过渡效果</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="611"/>
        <source>Set the transition of “{id}”</source>
        <translation>设置“{id}”的过渡效果</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="625"/>
        <source>Set the viewpoint of “{id}”</source>
        <translation>设置“{id}”的视点</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="632"/>
        <source>Clear the viewpoint of “{id}”</source>
        <translation>清除“{id}”的视点</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="648"/>
        <source>“{file}” is outside the tour&apos;s folder ({folder}). A tour&apos;s files must stay inside its folder: copy the file there first, then choose the copy.</source>
        <translation>“{file}”位于导览文件夹（{folder}）之外。导览的文件必须位于其文件夹内：请先将文件复制到该文件夹，再选择副本。</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="667"/>
        <source>Add a picture</source>
        <translation>添加图片</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="671"/>
        <source>Add picture {path} to “{id}”</source>
        <translation>向“{id}”添加图片 {path}</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="681"/>
        <source>Remove picture {path} from “{id}”</source>
        <translation>从“{id}”移除图片 {path}</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="701"/>
        <source>caption</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="701"/>
        <source>alt text</source>
        <translation>替代文本</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="703"/>
        <source>Edit the {what} of picture {path}</source>
        <translation>编辑图片 {path} 的{what}</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="711"/>
        <source>Choose the narration</source>
        <translation>选择解说音频</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="711"/>
        <source>Choose the captions (WebVTT)</source>
        <translation>选择字幕（WebVTT）</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="715"/>
        <location filename="../hotspot_properties.py" line="723"/>
        <source>narration</source>
        <translation>解说</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="715"/>
        <location filename="../hotspot_properties.py" line="723"/>
        <source>captions</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="717"/>
        <source>Set the {what} of “{id}”</source>
        <translation>设置“{id}”的{what}</translation>
    </message>
    <message>
        <location filename="../hotspot_properties.py" line="725"/>
        <source>Clear the {what} of “{id}”</source>
        <translation>清除“{id}”的{what}</translation>
    </message>
</context>
<context>
    <name>InfoPanel</name>
    <message>
        <location filename="../info_panel.py" line="302"/>
        <source>Information: {title}</source>
        <translation>信息：{title}</translation>
    </message>
    <message>
        <location filename="../info_panel.py" line="441"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../info_panel.py" line="441"/>
        <source>Play narration</source>
        <translation>播放讲解</translation>
    </message>
    <message>
        <location filename="../info_panel.py" line="481"/>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <location filename="../info_panel.py" line="482"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../info_panel.py" line="483"/>
        <source>Captions</source>
        <translation>字幕</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <location filename="../kiosk.py" line="295"/>
        <source>Touch your language to begin</source>
        <translation>请选择语言开始</translation>
    </message>
    <message>
        <location filename="../kiosk.py" line="295"/>
        <source>Touch the screen to begin</source>
        <translation>触摸屏幕开始</translation>
    </message>
</context>
<context>
    <name>LanguageController</name>
    <message>
        <location filename="../i18n.py" line="357"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../preferences.py" line="119"/>
        <source>Pr&amp;eferences…</source>
        <translation>首选项(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../window.py" line="112"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../window.py" line="113"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../window.py" line="114"/>
        <source>&amp;Fullscreen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <location filename="../window.py" line="117"/>
        <source>&amp;Reset View</source>
        <translation>重置视图(&amp;R)</translation>
    </message>
    <message>
        <location filename="../window.py" line="118"/>
        <source>&amp;About vtour</source>
        <translation>关于 vtour(&amp;A)</translation>
    </message>
    <message>
        <location filename="../window.py" line="134"/>
        <source>&amp;Rectilinear</source>
        <translation>直线投影(&amp;R)</translation>
    </message>
    <message>
        <location filename="../window.py" line="135"/>
        <source>&amp;Stereographic (little planet)</source>
        <translation>球面投影（小行星）(&amp;S)</translation>
    </message>
    <message>
        <location filename="../window.py" line="136"/>
        <source>&amp;Pannini (wide interiors)</source>
        <translation>帕尼尼投影（宽阔室内）(&amp;P)</translation>
    </message>
    <message>
        <location filename="../window.py" line="149"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../window.py" line="153"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../window.py" line="155"/>
        <source>&amp;Projection</source>
        <translation>投影(&amp;P)</translation>
    </message>
    <message>
        <location filename="../window.py" line="159"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../window.py" line="186"/>
        <source>Opening {name}</source>
        <translation>正在打开 {name}</translation>
    </message>
    <message>
        <location filename="../window.py" line="186"/>
        <location filename="../window.py" line="213"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../window.py" line="213"/>
        <source>Opening scene</source>
        <translation>正在打开场景</translation>
    </message>
    <message>
        <location filename="../window.py" line="219"/>
        <source>Tours and panoramas (*.json *.jpg *.jpeg *.png *.tif *.tiff *.webp);;All files (*)</source>
        <translation>导览和全景图 (*.json *.jpg *.jpeg *.png *.tif *.tiff *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../window.py" line="220"/>
        <source>Open Tour</source>
        <translation>打开导览</translation>
    </message>
    <message>
        <location filename="../window.py" line="284"/>
        <source>About vtour</source>
        <translation>关于 vtour</translation>
    </message>
    <message>
        <location filename="../window.py" line="285"/>
        <source>&lt;h3&gt;vtour {version}&lt;/h3&gt;&lt;p&gt;Immersive virtual tours of cultural-heritage sites.&lt;/p&gt;&lt;p&gt;Drag to look around, scroll or pinch to zoom, arrow keys or WASD to turn, +/− to zoom, F11 for fullscreen.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;vtour {version}&lt;/h3&gt;&lt;p&gt;文化遗产地的沉浸式虚拟导览。&lt;/p&gt;&lt;p&gt;拖动以环顾四周，滚动滚轮或双指捏合以缩放，方向键或 WASD 转向，+/− 缩放，F11 全屏。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../window.py" line="304"/>
        <source>Preparing the view…</source>
        <translation>正在准备视图…</translation>
    </message>
    <message>
        <location filename="../window.py" line="345"/>
        <source>Cannot show panoramas</source>
        <translation>无法显示全景图</translation>
    </message>
</context>
<context>
    <name>ModelHotspotLayer</name>
    <message>
        <location filename="../model_hotspots.py" line="227"/>
        <source>3D model</source>
        <translation>三维模型</translation>
    </message>
    <message>
        <location filename="../model_hotspots.py" line="230"/>
        <source>3D model: {scene}</source>
        <translation>三维模型：{scene}</translation>
    </message>
    <message>
        <location filename="../model_hotspots.py" line="231"/>
        <source>Tab moves through the hotspots; Enter opens the focused one.</source>
        <translation>按 Tab 键在热点之间移动；按 Enter 键打开当前热点。</translation>
    </message>
</context>
<context>
    <name>ModelView</name>
    <message>
        <location filename="../model_view.py" line="315"/>
        <source>The model renderer could not start: {problem}</source>
        <translation>模型渲染器无法启动：{problem}</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="334"/>
        <source>The model could not be shown: {problem}</source>
        <translation>无法显示模型：{problem}</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="423"/>
        <source>Drawing the model failed: {problem}</source>
        <translation>绘制模型失败：{problem}</translation>
    </message>
</context>
<context>
    <name>NavigationPanels</name>
    <message>
        <location filename="../navigation_panels.py" line="51"/>
        <source>Scenes</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="53"/>
        <source>Site map</source>
        <translation>场地图</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="139"/>
        <source>&amp;Tour</source>
        <translation>导览(&amp;T)</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="142"/>
        <source>&amp;Play Guided Tour</source>
        <translation>播放导览(&amp;P)</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="146"/>
        <source>Guided &amp;Tours</source>
        <translation>导览路线(&amp;T)</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="150"/>
        <source>&amp;Scene List</source>
        <translation>场景列表(&amp;S)</translation>
    </message>
    <message>
        <location filename="../navigation_panels.py" line="151"/>
        <source>Site &amp;Map</source>
        <translation>场地图(&amp;M)</translation>
    </message>
</context>
<context>
    <name>OverviewController</name>
    <message>
        <location filename="../overview.py" line="54"/>
        <location filename="../overview.py" line="175"/>
        <source>&amp;Overview</source>
        <translation>总览(&amp;O)</translation>
    </message>
    <message>
        <location filename="../overview.py" line="56"/>
        <source>Fly out to the site model, and back into a panorama</source>
        <translation>飞出到遗址模型，再飞回任一全景</translation>
    </message>
    <message>
        <location filename="../overview.py" line="175"/>
        <source>Back to &amp;Overview</source>
        <translation>返回总览(&amp;O)</translation>
    </message>
</context>
<context>
    <name>PanoramaLoader</name>
    <message>
        <location filename="../loader.py" line="190"/>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <location filename="../loader.py" line="233"/>
        <source>Decoding {file}…</source>
        <translation>正在解码 {file}…</translation>
    </message>
    <message>
        <location filename="../loader.py" line="234"/>
        <source>Decoding the cube faces…</source>
        <translation>正在解码立方体各面…</translation>
    </message>
    <message>
        <location filename="../loader.py" line="247"/>
        <source>the scene</source>
        <translation>该场景</translation>
    </message>
    <message>
        <location filename="../loader.py" line="248"/>
        <source>Could not open {name}</source>
        <translation>无法打开 {name}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="251"/>
        <source>The 3D model could not be read: {problem}</source>
        <translation>无法读取三维模型：{problem}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="255"/>
        <source>The panorama image could not be read: {problem}</source>
        <translation>无法读取全景图像：{problem}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="257"/>
        <source>File not found: {file}</source>
        <translation>找不到文件：{file}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="259"/>
        <source>The file could not be read: {problem}</source>
        <translation>无法读取该文件：{problem}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="261"/>
        <source>Not enough memory to decode this panorama.</source>
        <translation>内存不足，无法解码此全景图。</translation>
    </message>
    <message>
        <location filename="../loader.py" line="265"/>
        <source>Unexpected error: {problem}</source>
        <translation>意外错误：{problem}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="273"/>
        <source>The tour file has an error: {first}</source>
        <translation>导览文件有一处错误：{first}</translation>
    </message>
    <message>
        <location filename="../loader.py" line="275"/>
        <source>The tour file has errors: {first} (and 1 more)</source>
        <translation>导览文件有错误：{first}（另有 1 处）</translation>
    </message>
    <message>
        <location filename="../loader.py" line="276"/>
        <source>The tour file has errors: {first} (and {more} more)</source>
        <translation>导览文件有错误：{first}（另有 {more} 处）</translation>
    </message>
</context>
<context>
    <name>PanoramaView</name>
    <message>
        <location filename="../panorama_view.py" line="218"/>
        <source>The panorama renderer could not start: {problem}</source>
        <translation>全景渲染器无法启动：{problem}</translation>
    </message>
    <message>
        <location filename="../panorama_view.py" line="256"/>
        <source>Drawing the panorama failed: {problem}</source>
        <translation>绘制全景图失败：{problem}</translation>
    </message>
    <message>
        <location filename="../panorama_view.py" line="282"/>
        <source>The panorama could not be shown: {problem}</source>
        <translation>无法显示全景图：{problem}</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../kiosk_screens.py" line="218"/>
        <source>Operator PIN</source>
        <translation>管理员密码</translation>
    </message>
    <message>
        <location filename="../kiosk_screens.py" line="234"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../kiosk_screens.py" line="236"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <location filename="../kiosk_screens.py" line="254"/>
        <source>Too many wrong PINs. Try again in %n second(s).</source>
        <translation>
            <numerusform>密码错误次数过多。请在 %n 秒后重试。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../kiosk_screens.py" line="264"/>
        <source>Wrong PIN.</source>
        <translation>密码错误。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../preferences.py" line="101"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="102"/>
        <location filename="../preferences.py" line="104"/>
        <source>Reduce motion</source>
        <translation>减少动态效果</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="103"/>
        <source>No inertia, no animated transitions</source>
        <translation>无惯性滑动，无动画过渡</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="105"/>
        <location filename="../preferences.py" line="106"/>
        <source>Text size</source>
        <translation>文字大小</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <location filename="../editor.py" line="553"/>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <location filename="../editor.py" line="554"/>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
</context>
<context>
    <name>SceneActions</name>
    <message>
        <location filename="../scene_editing.py" line="58"/>
        <source>S&amp;cene</source>
        <translation>场景(&amp;C)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="61"/>
        <source>Set &amp;Initial View Here</source>
        <translation>将此处设为初始视角(&amp;I)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="62"/>
        <source>This Way Is &amp;North</source>
        <translation>此方向为北(&amp;N)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="63"/>
        <source>Limit Zoom &amp;Out to Here</source>
        <translation>将最大缩小限制在此(&amp;O)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="64"/>
        <source>Limit Zoom &amp;In to Here</source>
        <translation>将最大放大限制在此(&amp;I)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="65"/>
        <source>&amp;Rename Scene…</source>
        <translation>重命名场景(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="66"/>
        <source>Move Scene &amp;Up</source>
        <translation>场景上移(&amp;U)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="67"/>
        <source>Move Scene &amp;Down</source>
        <translation>场景下移(&amp;D)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="68"/>
        <source>&amp;Add Scene from File…</source>
        <translation>从文件添加场景(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="69"/>
        <source>D&amp;elete Scene</source>
        <translation>删除场景(&amp;E)</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="103"/>
        <source>Cannot set the initial view</source>
        <translation>无法设置初始视角</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="125"/>
        <source>Cannot set the zoom limit</source>
        <translation>无法设置缩放限制</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="126"/>
        <source>The closest zoom ({low}°) would be wider than the widest ({high}°).</source>
        <translation>最近缩放（{low}°）将比最远缩放（{high}°）更宽。</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="136"/>
        <source>Rename Scene</source>
        <translation>重命名场景</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="136"/>
        <source>New id for scene “{id}”:</source>
        <translation>场景“{id}”的新标识：</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="142"/>
        <source>Cannot rename the scene</source>
        <translation>无法重命名场景</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="162"/>
        <source>Add Scene from File</source>
        <translation>从文件添加场景</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="169"/>
        <location filename="../scene_editing.py" line="178"/>
        <source>Cannot add the scene</source>
        <translation>无法添加场景</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="189"/>
        <source>Delete Scene</source>
        <translation>删除场景</translation>
    </message>
    <message>
        <location filename="../scene_editing.py" line="189"/>
        <source>Delete scene “{id}”?</source>
        <translation>删除场景“{id}”？</translation>
    </message>
</context>
<context>
    <name>SceneSwitcher</name>
    <message>
        <location filename="../transitions.py" line="160"/>
        <source>Opening scene</source>
        <translation>正在打开场景</translation>
    </message>
    <message>
        <location filename="../transitions.py" line="160"/>
        <source>Decoding…</source>
        <translation>正在解码…</translation>
    </message>
    <message>
        <location filename="../transitions.py" line="278"/>
        <source>&amp;Back</source>
        <translation>后退(&amp;B)</translation>
    </message>
    <message>
        <location filename="../transitions.py" line="281"/>
        <source>&amp;Forward</source>
        <translation>前进(&amp;F)</translation>
    </message>
    <message>
        <location filename="../transitions.py" line="288"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
</context>
<context>
    <name>SceneTitle</name>
    <message>
        <location filename="../scene_title.py" line="57"/>
        <source>Scene: {title}</source>
        <translation>场景：{title}</translation>
    </message>
</context>
<context>
    <name>SiteMapEditing</name>
    <message>
        <location filename="../site_map_editing.py" line="50"/>
        <source>Place Current Scene on &amp;Map</source>
        <translation>将当前场景放到场地图上(&amp;M)</translation>
    </message>
    <message>
        <location filename="../site_map_editing.py" line="52"/>
        <source>Click the site map to place the current scene there</source>
        <translation>点击场地图，将当前场景放在该处</translation>
    </message>
</context>
<context>
    <name>SiteMapView</name>
    <message>
        <location filename="../site_map.py" line="160"/>
        <source>This tour has no site map.</source>
        <translation>此导览没有场地图。</translation>
    </message>
</context>
<context>
    <name>StatusOverlay</name>
    <message>
        <location filename="../overlay.py" line="170"/>
        <location filename="../overlay.py" line="216"/>
        <source>Show details</source>
        <translation>显示详情</translation>
    </message>
    <message>
        <location filename="../overlay.py" line="173"/>
        <source>Open another tour…</source>
        <translation>打开其他导览…</translation>
    </message>
    <message>
        <location filename="../overlay.py" line="216"/>
        <source>Hide details</source>
        <translation>隐藏详情</translation>
    </message>
</context>
<context>
    <name>StillTherePrompt</name>
    <message>
        <location filename="../kiosk_screens.py" line="164"/>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <location filename="../kiosk_screens.py" line="165"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message numerus="yes">
        <location filename="../kiosk_screens.py" line="170"/>
        <source>Touch the screen to continue. The tour restarts in %n second(s).</source>
        <translation>
            <numerusform>触摸屏幕继续。导览将在 %n 秒后重新开始。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TourEditor</name>
    <message>
        <location filename="../editor.py" line="192"/>
        <source>Recover unsaved changes?</source>
        <translation>恢复未保存的更改？</translation>
    </message>
    <message>
        <location filename="../editor.py" line="193"/>
        <source>vtour found changes to {name} that were not saved (autosaved {when}). Recover them?</source>
        <translation>vtour 发现 {name} 有未保存的更改（自动保存于 {when}）。要恢复吗？</translation>
    </message>
    <message>
        <location filename="../editor.py" line="197"/>
        <source>Recover unsaved changes</source>
        <translation>恢复未保存的更改</translation>
    </message>
    <message>
        <location filename="../editor.py" line="235"/>
        <location filename="../editor.py" line="448"/>
        <source>New hotspot</source>
        <translation>新热点</translation>
    </message>
    <message>
        <location filename="../editor.py" line="258"/>
        <location filename="../editor.py" line="331"/>
        <source>The file was changed elsewhere</source>
        <translation>文件已在别处被修改</translation>
    </message>
    <message>
        <location filename="../editor.py" line="259"/>
        <source>{name} was changed by another program since it was opened. Overwrite it with your version, reload theirs (your changes are lost), or cancel?</source>
        <translation>{name} 在打开后被其他程序修改。用你的版本覆盖、重新载入对方的版本（你的更改将丢失），还是取消？</translation>
    </message>
    <message>
        <location filename="../editor.py" line="268"/>
        <location filename="../editor.py" line="276"/>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../editor.py" line="315"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../editor.py" line="316"/>
        <source>Save the changes to {name} before closing?</source>
        <translation>关闭前保存对 {name} 的更改吗？</translation>
    </message>
    <message>
        <location filename="../editor.py" line="332"/>
        <source>{name} was changed by another program. Reload it? (Your unsaved changes would be lost.)</source>
        <translation>{name} 已被其他程序修改。要重新载入吗？（你未保存的更改将丢失。）</translation>
    </message>
    <message>
        <location filename="../editor.py" line="334"/>
        <source>{name} was changed by another program. Reload it?</source>
        <translation>{name} 已被其他程序修改。要重新载入吗？</translation>
    </message>
    <message>
        <location filename="../editor.py" line="473"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="475"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="477"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="479"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="480"/>
        <source>&amp;Add Hotspot</source>
        <translation>添加热点(&amp;A)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="482"/>
        <source>&amp;Delete Hotspot</source>
        <translation>删除热点(&amp;D)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="484"/>
        <source>D&amp;uplicate Hotspot</source>
        <translation>复制热点(&amp;U)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="504"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../model_view.py" line="614"/>
        <source>&amp;Navigation</source>
        <translation>导航(&amp;N)</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="616"/>
        <source>&amp;Orbit</source>
        <translation>环绕(&amp;O)</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="617"/>
        <source>&amp;Walk (first person)</source>
        <translation>漫步（第一人称）(&amp;W)</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="621"/>
        <source>&amp;Toggle Walk / Orbit</source>
        <translation>切换漫步/环绕(&amp;T)</translation>
    </message>
    <message>
        <location filename="../model_view.py" line="624"/>
        <source>&amp;Frame Model</source>
        <translation>完整显示模型(&amp;F)</translation>
    </message>
</context>
</TS>
