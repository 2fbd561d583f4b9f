import { computeMetrics, type ScoredPrediction } from '../../../src/nlu/evaluation/metrics';
import { escapeHtml, renderReportHtml } from '../../../src/nlu/evaluation/report-html';

const item = (gold: string, predicted: string, text = `${gold} text`): ScoredPrediction => ({
  text,
  gold,
  predicted,
  score: 0.42,
});

function render(predictions: ScoredPrediction[], fullMatrixLimit?: number): string {
  return renderReportHtml({
    metrics: computeMetrics(predictions),
    source: { Corpus: 'corpus/<dir>' },
    trainMs: 1500,
    generatedAt: new Date('2026-01-02T03:04:05Z'),
    ...(fullMatrixLimit === undefined ? {} : { fullMatrixLimit }),
  });
}

describe('renderReportHtml', () => {
  const predictions = [
    item('alert', 'alert'),
    item('alert', 'block', '<script>alert("x")</script> & more'),
    item('block', 'block'),
    item('None', 'None'),
  ];

  it('shows the summary, a heatmap with a cell per intent pair, the per-intent table and the errors', () => {
    const html = render(predictions);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<table class="heatmap">');
    // 3 labels: one header row and three body rows of three cells.
    const start = html.indexOf('<table class="heatmap">');
    const heatmap = html.slice(start, html.indexOf('</table>', start));
    expect(heatmap.match(/<td/g)).toHaveLength(9);
    expect(heatmap).toContain('title="alert → block: 1"');
    expect(html).toContain('<table class="per-intent">');
    expect(html).toContain('1.5 s');
    expect(html).toContain('corpus/&lt;dir&gt;');
  });

  it('escapes misclassified text and never emits markup from the data', () => {
    const html = render(predictions);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html).not.toContain('<script');
  });

  it('needs no external asset', () => {
    expect(render(predictions)).not.toMatch(/\b(src|href)=|@import|url\(/);
  });

  it('shows only intents involved in errors when there are many, and says so', () => {
    const many = Array.from({ length: 40 }, (_, i) => item(`intent${i}`, `intent${i}`));
    const html = render([...many, item('intent3', 'intent7')], 30);
    expect(html).toContain('Showing only the 2 intents involved in at least one error, of 40');
    expect(html).toContain('>intent3</th>');
    expect(html).not.toContain('>intent5</th>');
  });

  it('says so instead of drawing an empty matrix when a big set has no error at all', () => {
    const html = render([item('a', 'a'), item('b', 'b')], 1);
    expect(html).toContain('No errors');
    expect(html).not.toContain('<table class="heatmap">');
  });

  it('escapes all five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
