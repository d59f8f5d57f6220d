"""Import tours from other panorama viewers and export vtour tours to them.

Pure code (no Qt, no GL): each format is one module that turns the other viewer's data into a vtour
tour document (or back) and lists the assets to copy, with every conversion written out where it
happens. The command modules (``vtour.commands.import_tour`` / ``export_tour``) and the scripts in
``tools/`` only parse arguments and report.

Modules
-------
findings
    Warnings and errors that name the input file, line and JSON path (:class:`Report`).
jsliteral
    A JavaScript object-literal reader (Marzipano's ``data.js``) that parses, never evaluates.
safexml
    An XML reader on expat that refuses DTDs and entities and keeps line numbers (krpano).
angles
    Angle and field-of-view conversions between the viewers' conventions and vtour's.
assets
    Finding, naming and copying the files a tour refers to (panoramas, faces, tile sets).
tiles
    Multi-resolution tile layouts: Pannellum's, Marzipano's and krpano's, and re-tiling.
importing
    The shared import pipeline: plan, refuse to overwrite, copy, write ``tour.json``, validate.
pannellum, marzipano, krpano, psv
    One reader per format (``pannellum`` also writes Pannellum configs).
annotations
    Hotspots as a W3C Web Annotation collection, and back.

Conventions are vtour's (see ``docs/tour-format.md``): degrees, yaw positive to the right, pitch
positive up, hfov spanning the view's width. ``docs/interop.md`` documents every mapping.
"""
