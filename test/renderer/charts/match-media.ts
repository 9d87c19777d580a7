// Imported first by tests of uPlot charts: uPlot subscribes to a resolution media query when its module
// loads, and jsdom has no matchMedia.
import { stubMatchMedia } from './fake-canvas';

stubMatchMedia();
