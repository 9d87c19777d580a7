// The marker shapes, each about 2 units across with its anchor point at the origin, so that meaning
// never rests on colour alone: start (ball), end (cube), diverged (X), stalled (flag), known minimum (star).
import { BoxGeometry, BufferGeometry, ExtrudeGeometry, Shape, SphereGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';

/** The kinds of marker a path can carry. */
export type PathMarkerKind = 'start' | 'head' | 'diverged' | 'stalled';

/** A new geometry for a path marker of `kind` (the caller disposes it). */
export function pathMarkerGeometry(kind: PathMarkerKind): BufferGeometry {
  switch (kind) {
    case 'start':
      // Few facets: a marker is a few pixels across, and software WebGL pays for every triangle of every instance.
      return new SphereGeometry(1, 10, 6);
    case 'head':
      return new BoxGeometry(1.6, 1.6, 1.6);
    case 'diverged':
      // Two bars crossing in the horizontal plane: an X from above and from the usual oblique view.
      return merged([new BoxGeometry(2.8, 0.55, 0.55).rotateY(Math.PI / 4), new BoxGeometry(2.8, 0.55, 0.55).rotateY(-Math.PI / 4)]);
    case 'stalled':
      // A pole standing on the point with a pennant at its top, tilted so it reads from above too.
      return merged([new BoxGeometry(0.3, 3.2, 0.3).translate(0, 1.6, 0), new BoxGeometry(1.6, 1, 0.2).rotateX(-Math.PI / 4).translate(0.95, 2.7, 0)]);
  }
}

/** A new geometry for a known minimum: a five-pointed star lying flat just above the point, a star from above and from an angle (the caller disposes it). */
export function minimumGeometry(): BufferGeometry {
  const star = new Shape();
  for (let k = 0; k < 10; k++) {
    const r = k % 2 === 0 ? 1.6 : 0.65;
    const a = Math.PI / 2 + (k * Math.PI) / 5;
    if (k === 0) star.moveTo(r * Math.cos(a), r * Math.sin(a));
    else star.lineTo(r * Math.cos(a), r * Math.sin(a));
  }
  star.closePath();
  // Extruded along +Z, then laid flat (+Z becomes +Y) with the star's bottom face on the point.
  return new ExtrudeGeometry(star, { depth: 0.45, bevelEnabled: false }).rotateX(-Math.PI / 2);
}

function merged(parts: BufferGeometry[]): BufferGeometry {
  const geometry = mergeGeometries(parts);
  for (const p of parts) p.dispose();
  if (!geometry) throw new Error('marker shape: parts do not merge');
  return geometry;
}
