// The lesson file format: every built-in lesson parses, and a broken or foreign file is refused with
// an error that names what is wrong and where.
import { describe, expect, it } from 'vitest';
import { builtinLessons, isLessonValue, LESSON_FORMAT, LessonError, lessonFromValue, parseLesson, sceneExperiment } from '../../../renderer/lessons/lessons';
import lesson4 from '../../../lessons/04-why-not-zeros.lesson.json';

/** A small valid lesson: two function scenes; tests break what they need. */
function lesson(): Record<string, any> {
  const experiment = (seed: string) => ({
    format: 'landscape-lab/experiment@1',
    seed,
    restarts: 2,
    problem: { type: 'function', function: { name: 'himmelblau' }, search: { name: 'gradient_descent', steps: 10, learningRate: 0.01 } },
  });
  return {
    format: LESSON_FORMAT,
    title: 'A test lesson',
    scenes: [
      { title: 'First', text: 'Some words.', look: 'The view.', experiment: experiment('a') },
      { title: 'Second', text: 'More words.', look: 'The chart.', experiment: experiment('b') },
      { title: 'Third', text: 'Last words.', look: 'The table.', experiment: experiment('c') },
    ],
  };
}

/** The message parseLesson throws for `text`; fails if it parses. */
function refusal(text: string): string {
  try {
    parseLesson(text);
  } catch (e) {
    expect(e).toBeInstanceOf(LessonError);
    return (e as Error).message;
  }
  throw new Error('expected the lesson to be refused');
}
const refusalOf = (value: unknown) => refusal(JSON.stringify(value, null, 2));

describe('built-in lessons', () => {
  it('all six parse, each with scenes that have a title, text, what to look at and an experiment', () => {
    const all = builtinLessons();
    expect(all).toHaveLength(6);
    expect(all.map((l) => l.title)).toEqual([
      '1. Deterministic and stochastic search',
      '2. Local optima and restarts',
      '3. Premature convergence',
      '4. Why not start from zeros?',
      '5. Same seed, same network',
      '6. Initializers compared',
    ]);
    for (const l of all) {
      expect(l.scenes.length).toBeGreaterThanOrEqual(2);
      for (const s of l.scenes) {
        expect(s.title.length).toBeGreaterThan(0);
        expect(s.text.length).toBeGreaterThan(s.look.length / 2);
        expect(s.experiment.format).toBe('landscape-lab/experiment@1');
      }
    }
  });

  it('are checked once and handed out as copies', () => {
    expect(builtinLessons()).toBe(builtinLessons());
    const scene = builtinLessons()[3]!.scenes[0]!;
    const copy = sceneExperiment(scene);
    expect(copy).toEqual(lesson4.scenes[0]!.experiment);
    (copy.problem as Record<string, unknown>).type = 'changed';
    expect((scene.experiment.problem as Record<string, unknown>).type).toBe('network');
  });

  it('a file of a built-in lesson parses from its text, the same as bundled', () => {
    expect(parseLesson(JSON.stringify(lesson4))).toEqual(builtinLessons()[3]);
  });
});

describe('parseLesson', () => {
  it('returns the lesson, its experiments as written and no datasets by default', () => {
    const l = parseLesson(JSON.stringify(lesson()));
    expect(l.title).toBe('A test lesson');
    expect(l.scenes.map((s) => s.title)).toEqual(['First', 'Second', 'Third']);
    expect(l.scenes[0]!.experiment).toEqual(lesson().scenes[0].experiment);
    expect(l.datasets).toEqual({});
  });

  it('refuses text that is not JSON, naming the line and column', () => {
    expect(refusal('{\n  "format": "landscape-lab/lesson@1",\n  "title": "x",,\n}')).toBe('not valid JSON at line 3, column 16: expected a quoted key, found ","');
    expect(refusal('')).toMatch(/^not valid JSON/);
  });

  it('refuses an experiment file, saying that it is one', () => {
    const experiment = lesson().scenes[0].experiment;
    expect(refusalOf(experiment)).toBe(
      'format: expected "landscape-lab/lesson@1", found "landscape-lab/experiment@1" (this is an experiment file: open it as an experiment, or put it in a scene\'s "experiment")',
    );
  });

  it('refuses a file with another or no format tag', () => {
    expect(refusalOf({ ...lesson(), format: 'landscape-lab/lesson@2' })).toBe(
      'format: expected "landscape-lab/lesson@1", found "landscape-lab/lesson@2" (a newer lesson format than this version of the lab reads)',
    );
    const { format: _, ...untagged } = lesson();
    expect(refusalOf(untagged)).toBe('format: expected "landscape-lab/lesson@1", missing');
    expect(refusalOf({ ...lesson(), format: 'something/else' })).toBe('format: expected "landscape-lab/lesson@1", found "something/else"');
    expect(refusalOf([1, 2])).toBe('expected an object, found an array of 2 items');
  });

  it('names a missing, empty or unknown field', () => {
    const noLook = lesson();
    delete noLook.scenes[1].look;
    expect(refusalOf(noLook)).toBe('scenes[1].look: missing (expected a string)');
    const blank = lesson();
    blank.scenes[0].title = '  ';
    expect(refusalOf(blank)).toBe('scenes[0].title: expected a string of at least 1 character, found 0 characters');
    const typo = lesson();
    typo.scenes[2].looks = 'x';
    expect(refusalOf(typo)).toBe('scenes[2]: unknown key "looks" (allowed: title, text, look, experiment)');
    expect(refusalOf({ ...lesson(), scenes: [] })).toBe('scenes: expected at least 1 item, found 0 items');
    expect(refusalOf({ ...lesson(), title: undefined })).toBe('title: missing (expected a string)');
    expect(refusalOf({ ...lesson(), datasets: ['a.csv'] })).toBe('datasets: expected an object of CSV texts by path, found an array of 1 item');
    const noExperiment = lesson();
    delete noExperiment.scenes[0].experiment;
    expect(refusalOf(noExperiment)).toBe('scenes[0].experiment: missing (expected an object)');
    expect(refusalOf({ ...lesson(), author: 'me' })).toBe('unknown key "author" (allowed: format, title, scenes, datasets)');
  });

  it("refuses a scene whose experiment is invalid, with the experiment's problem under scenes[i].experiment", () => {
    const bad = lesson();
    bad.scenes[2].experiment.problem.search.learningRate = -1;
    expect(refusalOf(bad)).toBe('scenes[2].experiment.problem.search.learningRate: expected a number > 0, found -1');
    const badNet = lesson();
    badNet.scenes[0].experiment = structuredClone(lesson4.scenes[0]!.experiment);
    badNet.scenes[0].experiment.problem.optimizer.learningRate = 0;
    expect(refusalOf(badNet)).toBe('scenes[0].experiment.problem.optimizer.learningRate: expected a number > 0, found 0');
    const notObject = lesson();
    notObject.scenes[1].experiment = 'experiment.json';
    expect(refusalOf(notObject)).toBe('scenes[1].experiment: expected an object, found "experiment.json"');
    const untagged = lesson();
    delete untagged.scenes[0].experiment.format;
    expect(refusalOf(untagged)).toBe('scenes[0].experiment.format: expected "landscape-lab/experiment@1", found nothing');
  });

  it('reports every broken scene at once, one line each', () => {
    const bad = lesson();
    bad.scenes[0].experiment.restarts = 0;
    bad.scenes[2].experiment.problem.function.name = 'himelblau';
    const lines = refusalOf(bad).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('scenes[0].experiment.restarts: expected an integer >= 1, found 0');
    expect(lines[1]).toMatch(/^scenes\[2\]\.experiment\.problem\.function\.name: expected one of .* found "himelblau" \(did you mean "himmelblau"\?\)$/);
  });

  it('reads CSV datasets from the lesson itself, and names a missing one', () => {
    const csv = lesson();
    csv.scenes[0].experiment = {
      format: 'landscape-lab/experiment@1',
      restarts: 2,
      problem: { type: 'network', dataset: { kind: 'csv', path: 'points.csv' }, optimizer: { name: 'sgd', epochs: 1 } },
    };
    expect(refusalOf(csv)).toBe(
      'scenes[0].experiment.problem.dataset.path: cannot read "points.csv": a lesson\'s CSV datasets must be given in its "datasets" (found none named "points.csv")',
    );
    const text = 'x1,x2,y\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n';
    const l = parseLesson(JSON.stringify({ ...csv, datasets: { 'points.csv': text } }));
    expect(l.datasets).toEqual({ 'points.csv': text });
    expect(refusalOf({ ...csv, datasets: { 'points.csv': 'x1,y\nabc,1\n' } })).toMatch(/^scenes\[0\]\.experiment\.problem\.dataset\.path: points\.csv: line 2/);
  });

  it('tells a lesson from other JSON values', () => {
    expect(isLessonValue(lesson())).toBe(true);
    expect(isLessonValue(lesson().scenes[0].experiment)).toBe(false);
    expect(isLessonValue(null)).toBe(false);
    expect(isLessonValue('landscape-lab/lesson@1')).toBe(false);
  });

  it('lessonFromValue checks an already parsed value the same way', () => {
    expect(() => lessonFromValue({ ...lesson(), scenes: 3 })).toThrow('scenes: expected an array, found 3');
  });
});
