// Imported first by the renderer's entry, so that it runs before any module parses with zod.
// The page's Content Security Policy refuses JavaScript eval, so zod's compiled parsers can never run
// here; jitless also stops zod probing for eval with `new Function`, which the browser reports as a
// policy violation.
import * as z from 'zod';

z.config({ jitless: true });
