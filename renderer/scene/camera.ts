// The cameras: a perspective camera orbiting the box (OrbitControls: orbit, zoom, pan) and an
// orthographic camera straight above it for the contour view (zoom and pan only).
import { OrthographicCamera, PerspectiveCamera, Vector3 } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { BOX_HEIGHT } from './frame';

/** Where the perspective camera starts and what it looks at. */
export const HOME = { position: new Vector3(1.25, 1.1, 1.5), target: new Vector3(0, 0.4 * BOX_HEIGHT, 0) };
/** Where the top-down camera starts (straight above the box's centre) and what it looks at. */
export const TOP = { position: new Vector3(0, 3, 0), target: new Vector3(0, 0, 0) };
/** Half the height of what the top-down camera sees at zoom 1 (the box is 1 wide, plus a margin). */
export const TOP_HALF_SIZE = 0.6;

/** Both cameras and the one OrbitControls that drives whichever is active. */
export class CameraRig {
  readonly perspective = new PerspectiveCamera(40, 1, 0.01, 100);
  readonly orthographic = new OrthographicCamera(-TOP_HALF_SIZE, TOP_HALF_SIZE, TOP_HALF_SIZE, -TOP_HALF_SIZE, 0.01, 100);
  readonly controls: OrbitControls;
  private top = false;
  private aspect = 1;
  // The target of the camera not in use, kept so switching back returns to the same view.
  private readonly parked = TOP.target.clone();

  /** Attaches the controls to `domElement`; `onChange` runs whenever the user moves the camera. */
  constructor(
    domElement: HTMLElement,
    private readonly onChange: () => void,
  ) {
    this.perspective.position.copy(HOME.position);
    this.orthographic.position.copy(TOP.position);
    this.controls = new OrbitControls(this.perspective, domElement);
    this.controls.target.copy(HOME.target);
    this.controls.addEventListener('change', onChange);
    this.controls.update();
  }

  /** The camera in use. */
  get camera(): PerspectiveCamera | OrthographicCamera {
    return this.top ? this.orthographic : this.perspective;
  }

  /** Whether the top-down contour view is on. */
  get topDown(): boolean {
    return this.top;
  }

  /** Switches between the orbiting perspective view and the top-down view; each keeps its own position. */
  setTopDown(on: boolean): void {
    if (on === this.top) return;
    const target = this.parked.clone();
    this.parked.copy(this.controls.target);
    this.top = on;
    this.controls.object = this.camera;
    this.controls.target.copy(target);
    this.controls.enableRotate = !on;
    this.controls.update();
  }

  /** Sets the viewport size in pixels (aspect ratio of both cameras). */
  setSize(width: number, height: number): void {
    this.aspect = width > 0 && height > 0 ? width / height : 1;
    this.perspective.aspect = this.aspect;
    this.perspective.updateProjectionMatrix();
    const o = this.orthographic;
    const halfW = this.aspect >= 1 ? TOP_HALF_SIZE * this.aspect : TOP_HALF_SIZE;
    const halfH = this.aspect >= 1 ? TOP_HALF_SIZE : TOP_HALF_SIZE / this.aspect;
    o.left = -halfW;
    o.right = halfW;
    o.top = halfH;
    o.bottom = -halfH;
    o.updateProjectionMatrix();
  }

  /** Puts the camera in use back where it started. */
  reset(): void {
    const home = this.top ? TOP : HOME;
    this.camera.position.copy(home.position);
    this.camera.zoom = 1;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(home.target);
    this.controls.update();
  }

  /** Detaches the controls from the element. */
  dispose(): void {
    this.controls.removeEventListener('change', this.onChange);
    this.controls.dispose();
  }
}
