// The CodeLens's class scan and the code-or-array decision of "Trace backprop", on the book's
// own shapes of code.
import * as assert from 'assert';
import { layerClasses, layerFunctions, looksLikeCode } from '../../../src/extension/run/pythonText';

const BOOK = `import numpy as np

class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class Helper:
    def forward(self, x):
        return x


class Relu(object):
    """ReLU of 5.5.1.

    def backward(self): not code, inside the docstring
    """
    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    class Inner:
        def backward(self, dout):
            pass

    def backward(self, dout):
        dout[self.mask] = 0
        return dout

def forward(x):
    return x

class Tabbed:
\tdef forward(self, x):
\t\treturn x
\tdef backward(self, d):
\t\treturn d
`;

describe('run mode: reading Python text', () => {
  it('finds the classes with both forward and backward, at their class line', () => {
    const found = layerClasses(BOOK).map((c) => [c.name, c.line]);
    const line = (s: string) => BOOK.split('\n').findIndex((l) => l.startsWith(s));
    assert.deepStrictEqual(found, [['MulLayer', line('class MulLayer')], ['Relu', line('class Relu')], ['Tabbed', line('class Tabbed')]]);
  });

  it('does not count a nested class\'s method or a docstring for the outer class', () => {
    const text = 'class A:\n    """\n    def backward(self): no\n    """\n    def forward(self, x):\n        return x\n    class B:\n        def backward(self, d):\n            return d\n';
    assert.deepStrictEqual(layerClasses(text), []);
  });

  it('honours other method names (the setting)', () => {
    assert.deepStrictEqual(layerClasses(BOOK, ['forward']).map((c) => c.name), ['MulLayer', 'Helper', 'Relu', 'Tabbed']);
  });

  const code: [string, boolean][] = [
    ['out = relu.forward(x)', true],
    ['apple_price = mul_apple_layer.forward(apple, apple_num)\nprice = mul_tax_layer.forward(apple_price, tax)', true],
    ['print(x)', true],
    ['import numpy as np', true],
    ['for i in range(3):\n    net.gradient(x, t)', true],
    ['dx[mask] = 0\nprint(dx)', true],
    ['x = [[1, 2],\n     [3]]', false],
    ['[[1, 2],\n     [3]]', false],
    ['np.array([[1.0, -0.5],\n          [2.0, 0]])', false],
    ['x = np.array([1, 2])', false],
    ['hello', false],
    ['', false],
    ['1, 2, 3', false],
  ];
  for (const [text, expected] of code) {
    it(`${expected ? 'runs' : 'parses as an array'}: ${JSON.stringify(text).slice(0, 50)}`, () => {
      assert.strictEqual(looksLikeCode(text), expected);
    });
  }
});

describe('cs231n-style layer functions (the CodeLens)', () => {
  it('a top-level *_forward with its *_backward, variants included; a lone forward or a method is not one', () => {
    const text = [
      'import numpy as np',
      'def affine_forward(x, w, b):',
      '    return x.dot(w) + b, (x, w, b)',
      'def affine_backward(dout, cache):',
      '    pass',
      'def conv_forward_naive(x, w, b, conv_param):',
      '    pass',
      'def conv_backward_naive(dout, cache):',
      '    pass',
      'def softmax_forward(x):',
      '    pass',
      'class Net:',
      '    def relu_forward(self, x):',
      '        pass',
      '    def relu_backward(self, dout):',
      '        pass',
      'def forward_forward(x):',
      '    pass',
      'def forward_backward(x, y, l1, l2):',
      '    pass',
    ].join('\n');
    // forward_backward does both: no pair named "forward" (the tracer's pairs.py reads names the same way)
    assert.deepStrictEqual(layerFunctions(text), [{ name: 'affine_forward', line: 1 }, { name: 'conv_forward_naive', line: 5 }]);
  });
});
