# Appends Lao translations for msgids the .pot has and the .po lacks.
# usage: python3 addtr.py POT PO TRANSLATIONS.py   (TRANSLATIONS.py defines T = {msgid: lao})
import re, sys, runpy
pot_path, po_path, tr_path = sys.argv[1:4]
T = runpy.run_path(tr_path)['T']
def blocks(path):
    s = open(path).read()
    out = []
    for block in s.split('\n\n'):
        j = lambda m: ''.join(eval(x) for x in m.group(1).split('\n')) if m else ''
        ctx = re.search(r'^msgctxt (".*"(?:\n".*")*)', block, re.M)
        mid = re.search(r'^msgid (".*"(?:\n".*")*)', block, re.M)
        if mid:
            out.append(((j(ctx), j(mid)), block))
    return out
have = {k for k, _ in blocks(po_path)}
add = []
missing = []
for k, block in blocks(pot_path):
    if k in have or not k[1]:
        continue
    if k[1] not in T:
        missing.append(k[1]); continue
    lo = T[k[1]].replace('\\', '\\\\').replace('"', '\\"')
    lines = [l for l in block.split('\n') if not l.startswith('msgstr')]
    if any(l.startswith('msgid_plural') for l in block.split('\n')):
        lines.append(f'msgstr[0] "{lo}"')
    else:
        lines.append(f'msgstr "{lo}"')
    add.append('\n'.join(lines))
if missing:
    print('no translation for:', *missing, sep='\n  '); sys.exit(1)
with open(po_path, 'a') as f:
    for b in add:
        f.write('\n' + b + '\n')
print(f'added {len(add)}')
