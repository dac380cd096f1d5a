#!/usr/bin/env python3
"""Builds Mekong Sans: Noto Sans (Latin) and Noto Sans Lao merged into one family per weight.

One family that covers both scripts means Slint never falls back to a system font: Lao keeps
its bold weights and Latin digits and prices stay in Noto Sans, whatever the machine has.
Both inputs are under the SIL Open Font License 1.1 (OFL.txt), which allows modified versions
under another name; Noto has no Reserved Font Name.

Run from the repository root after changing an input font (needs `pip install fonttools`):
    python3 assets/fonts/make-mekong-sans.py
"""
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

FONTS = Path(__file__).parent
FAMILY = "Mekong Sans"

for weight in ("Regular", "Bold"):
    merged = Merger().merge([str(FONTS / f"NotoSans-{weight}.ttf"), str(FONTS / f"NotoSansLao-{weight}.ttf")])
    names = merged["name"]
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName(weight, 2, 3, 1, 0x409)
    names.setName(f"{FAMILY} {weight}", 4, 3, 1, 0x409)
    names.setName(f"MekongSans-{weight}", 6, 3, 1, 0x409)
    names.setName(f"{FAMILY} {weight}; merged from Noto Sans and Noto Sans Lao", 3, 3, 1, 0x409)
    for record in names.names:
        if record.platformID == 1 and record.nameID in (1, 2, 3, 4, 6):
            record.string = names.getName(record.nameID, 3, 1, 0x409).toUnicode()
    merged.save(str(FONTS / f"MekongSans-{weight}.ttf"))
    print(f"wrote {FONTS / f'MekongSans-{weight}.ttf'}")
