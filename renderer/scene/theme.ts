// The scene's colours for the light and dark themes (sRGB hex).

/** A theme of the scene. */
export type ThemeName = 'light' | 'dark';

/** Background (what faded paths blend towards), contour lines, and foreground marks such as known minima. */
export interface SceneTheme {
  background: number;
  contour: number;
  foreground: number;
}

/** The colours of each theme. */
export const THEMES: Readonly<Record<ThemeName, SceneTheme>> = {
  light: { background: 0xffffff, contour: 0x2b2b2b, foreground: 0x111111 },
  dark: { background: 0x16181d, contour: 0xd6d6d6, foreground: 0xf4f4f4 },
};
