// The lesson panel in jsdom: what it shows, moving between scenes and lessons, and the experiments it
// hands to the app.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinLessons, type Lesson } from '../../../renderer/lessons/lessons';
import LessonPanel from '../../../renderer/lessons/LessonPanel.svelte';

afterEach(cleanup);

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
const chooser = () => screen.getByLabelText('Lesson') as HTMLSelectElement;

function mount(lessons: Lesson[] = builtinLessons(), extra: Record<string, unknown> = {}) {
  const onscene = vi.fn<(experiment: Record<string, unknown>, datasets: Record<string, string>) => void>();
  const onclose = vi.fn();
  const { component, rerender } = render(LessonPanel, { props: { lessons, onscene, onclose, ...extra } });
  flushSync();
  return { onscene, onclose, component: component as unknown as { nextScene(): boolean; previousScene(): boolean; showLesson(i: number): void }, rerender };
}

/** The experiment names handed to the app, in order. */
const names = (onscene: ReturnType<typeof mount>['onscene']) => onscene.mock.calls.map(([e]) => e.name);

describe('LessonPanel', () => {
  it("shows the first lesson's title, scene 1 of n, its text and what to look at, and hands over its experiment", () => {
    const { onscene } = mount();
    const first = builtinLessons()[0]!;
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(first.title);
    expect(screen.getByRole('region', { name: first.title })).toBeTruthy();
    expect(screen.getByText(`Scene 1 of ${first.scenes.length}`)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe(first.scenes[0]!.title);
    expect(screen.getByText(first.scenes[0]!.text)).toBeTruthy();
    expect(screen.getByText('What to look at:').parentElement!.textContent).toBe(`What to look at: ${first.scenes[0]!.look}`);
    expect(onscene).toHaveBeenCalledTimes(1);
    expect(onscene.mock.calls[0]![0]).toEqual(first.scenes[0]!.experiment);
    expect(onscene.mock.calls[0]![1]).toEqual({});
  });

  it("makes the charts named in what to look at into buttons that bring them into view", () => {
    mount(builtinLessons(), { lesson: 3 });
    const figure = document.body.appendChild(document.createElement('figure'));
    figure.setAttribute('aria-label', 'Symmetry meter');
    const scrollIntoView = vi.fn();
    Object.assign(figure, { scrollIntoView });
    try {
      const link = button('symmetry meter');
      expect(link.title).toBe('Show the symmetry meter');
      expect(button('loss curves')).toBeTruthy();
      fireEvent.click(link);
      expect(scrollIntoView).toHaveBeenCalledTimes(1);
    } finally {
      figure.remove();
    }
  });

  it('hands over a copy: the app may edit it without changing the lesson', () => {
    const { onscene } = mount();
    const handed = onscene.mock.calls[0]![0];
    handed.name = 'edited';
    expect(builtinLessons()[0]!.scenes[0]!.experiment.name).not.toBe('edited');
  });

  it('Next and Previous move through the scenes, each shown scene handed over once; the ends disable them', async () => {
    const { onscene } = mount();
    const scenes = builtinLessons()[0]!.scenes;
    expect(button('Previous scene').disabled).toBe(true);
    for (let k = 1; k < scenes.length; k++) {
      await fireEvent.click(button('Next scene'));
      expect(screen.getByText(`Scene ${k + 1} of ${scenes.length}`)).toBeTruthy();
      expect(screen.getByRole('heading', { level: 3 }).textContent).toBe(scenes[k]!.title);
    }
    expect(button('Next scene').disabled).toBe(true);
    await fireEvent.click(button('Next scene'));
    await fireEvent.click(button('Previous scene'));
    expect(screen.getByText(`Scene ${scenes.length - 1} of ${scenes.length}`)).toBeTruthy();
    expect(names(onscene)).toEqual([...scenes.map((s) => s.experiment.name), scenes[scenes.length - 2]!.experiment.name]);
  });

  it('nextScene and previousScene (for the N and P keys) move too, and say when there is nowhere to go', () => {
    const { onscene, component } = mount();
    const n = builtinLessons()[0]!.scenes.length;
    expect(component.previousScene()).toBe(false);
    for (let k = 1; k < n; k++) expect(component.nextScene()).toBe(true);
    expect(component.nextScene()).toBe(false);
    flushSync();
    expect(screen.getByText(`Scene ${n} of ${n}`)).toBeTruthy();
    expect(component.previousScene()).toBe(true);
    flushSync();
    expect(screen.getByText(`Scene ${n - 1} of ${n}`)).toBeTruthy();
    // Moves made before the screen updates hand over only the scene they end on.
    const scenes = builtinLessons()[0]!.scenes;
    expect(names(onscene)).toEqual([scenes[0]!.experiment.name, scenes[n - 1]!.experiment.name, scenes[n - 2]!.experiment.name]);
  });

  it('the Lesson chooser lists every lesson and starts the chosen one at its first scene', async () => {
    const { onscene, component } = mount();
    const all = builtinLessons();
    expect([...chooser().options].map((o) => o.textContent)).toEqual(all.map((l) => l.title));
    component.nextScene();
    flushSync();
    await fireEvent.change(chooser(), { target: { value: '3' } });
    expect(chooser().value).toBe('3');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(all[3]!.title);
    expect(screen.getByText(`Scene 1 of ${all[3]!.scenes.length}`)).toBeTruthy();
    expect(onscene.mock.calls.at(-1)![0]).toEqual(all[3]!.scenes[0]!.experiment);
  });

  it('opens at a given lesson and scene, and passes the lesson\'s datasets along', () => {
    const base = builtinLessons()[0]!;
    const withData: Lesson = { ...base, title: 'With data', datasets: { 'a.csv': 'x,y\n1,0\n' } };
    const { onscene } = mount([base, withData], { lesson: 1, scene: 2 });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('With data');
    expect(screen.getByText(`Scene 3 of ${base.scenes.length}`)).toBeTruthy();
    expect(onscene).toHaveBeenCalledTimes(1);
    expect(onscene.mock.calls[0]![1]).toEqual({ 'a.csv': 'x,y\n1,0\n' });
  });

  it('does not hand the scene over again when the list of lessons grows', async () => {
    const { onscene, rerender } = mount();
    await rerender({ lessons: [...builtinLessons(), builtinLessons()[1]!] });
    flushSync();
    expect(onscene).toHaveBeenCalledTimes(1);
    expect(chooser().options).toHaveLength(builtinLessons().length + 1);
  });

  it('Close calls onclose', async () => {
    const { onclose } = mount();
    await fireEvent.click(button('Close lessons'));
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it('with no lessons, says so and hands nothing over', () => {
    const { onscene } = mount([]);
    expect(screen.getByText('No lessons to show.')).toBeTruthy();
    expect(button('Next scene').disabled).toBe(true);
    expect(button('Previous scene').disabled).toBe(true);
    expect(onscene).not.toHaveBeenCalled();
  });
});
