// Edge layer for the global view: all drawn edges live in typed arrays and are
// uploaded once to WebGL, then drawn as 1px lines with sigma's camera matrix
// after every sigma render, into sigma's own "edges" canvas (the global view
// gives sigma no edges, so sigma only clears that canvas; sharing it saves a
// WebGL context and, with software compositing, a read-back per frame).
//
// Why not sigma's own edges: each sigma edge costs a graphology edge record, a
// reducer call, a display-data object and a per-render buffer upload. With
// ~50k edges that dominates the time to the first frame on software WebGL;
// here the per-edge cost is a few typed-array writes.

const VERTEX = `
attribute vec2 a_position;
attribute vec4 a_color;
uniform mat3 u_matrix;
varying vec4 v_color;
void main() {
  vec3 p = u_matrix * vec3(a_position, 1.0);
  gl_Position = vec4(p.xy, 0.0, 1.0);
  v_color = a_color;
}`;

const FRAGMENT = `
precision mediump float;
varying vec4 v_color;
void main() {
  gl_FragColor = v_color;
}`;

function compile(gl, type, source) {
  const shader = gl.createShader(type);
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  return shader;
}

export class EdgeLayer {
  /** @param {import("./view.js").GraphView} view */
  constructor(view) {
    this.view = view;
    const sigma = view.sigma;
    const canvas = sigma.getCanvases().edges;
    // The context sigma created on that canvas (getContext returns it again).
    this.gl = canvas.getContext("webgl2") || canvas.getContext("webgl");
    if (!this.gl) throw new Error("WebGL context for edges unavailable");
    const gl = this.gl;
    const program = gl.createProgram();
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      throw new Error(`edge shader failed: ${gl.getProgramInfoLog(program)}`);
    }
    this.program = program;
    this.aPosition = gl.getAttribLocation(program, "a_position");
    this.aColor = gl.getAttribLocation(program, "a_color");
    this.uMatrix = gl.getUniformLocation(program, "u_matrix");
    this.posBuffer = gl.createBuffer();
    this.colorBuffer = gl.createBuffer();
    this.focusPosBuffer = gl.createBuffer();
    this.focusColorBuffer = gl.createBuffer();
    this.count = 0;
    this.focusCount = 0;
    this.edges = new Uint32Array(0); // drawn edge ids
    this.dirtyPositions = true;
    this.dirtyColors = true;
    this.dirtyFocus = true;
    this.focus = -1;
  }

  /** The drawn edges changed (filters). */
  setEdges(visEdge, count) {
    const ids = new Uint32Array(count);
    let k = 0;
    for (let e = 0; e < visEdge.length; e++) if (visEdge[e]) ids[k++] = e;
    this.edges = ids;
    this.count = count;
    this.dirtyPositions = true;
    this.dirtyColors = true;
    this.dirtyFocus = true;
  }

  setFocus(i) {
    this.focus = i;
    this.dirtyFocus = true;
  }

  invalidatePositions() {
    this.dirtyPositions = true;
    this.dirtyFocus = true;
  }

  invalidateColors() {
    this.dirtyColors = true;
    this.dirtyFocus = true;
  }

  /** Framed-graph coordinates (sigma's normalised space) of every drawn node. */
  framedPositions() {
    const view = this.view;
    const M = view.model;
    const sigma = view.sigma;
    const fx = new Float32Array(M.n);
    const fy = new Float32Array(M.n);
    for (let i = 0; i < M.n; i++) {
      if (!view.visNode[i]) continue;
      const d = sigma.getNodeDisplayData(M.keys[i]);
      if (d) {
        fx[i] = d.x;
        fy[i] = d.y;
      }
    }
    return { fx, fy };
  }

  upload() {
    const gl = this.gl;
    const view = this.view;
    const M = view.model;
    if (this.dirtyPositions) {
      const { fx, fy } = this.framedPositions();
      this.fx = fx;
      this.fy = fy;
      const pos = new Float32Array(this.count * 4);
      const ids = this.edges;
      for (let k = 0, o = 0; k < ids.length; k++) {
        const e = ids[k];
        const a = M.src[e];
        const b = M.tgt[e];
        pos[o++] = fx[a];
        pos[o++] = fy[a];
        pos[o++] = fx[b];
        pos[o++] = fy[b];
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, this.posBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, pos, gl.STATIC_DRAW);
      this.dirtyPositions = false;
    }
    if (this.dirtyColors) {
      const ratio = view.sigma.getRenderParams().pixelRatio;
      const density = Math.max(0.4, Math.min(1, Math.sqrt(8000 / Math.max(1, this.count))));
      const levels = [0, 1, 2, 3].map((l) => view.theme.edgeRGBA(l, ratio, density));
      const col = new Uint8Array(this.count * 8);
      const ids = this.edges;
      const level = view.edgeLevel;
      for (let k = 0, o = 0; k < ids.length; k++) {
        const c = levels[level[ids[k]]];
        col[o++] = c[0];
        col[o++] = c[1];
        col[o++] = c[2];
        col[o++] = c[3];
        col[o++] = c[0];
        col[o++] = c[1];
        col[o++] = c[2];
        col[o++] = c[3];
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, this.colorBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, col, gl.STATIC_DRAW);
      this.dirtyColors = false;
    }
    if (this.dirtyFocus) {
      const f = this.focus;
      const pos = [];
      if (f >= 0) {
        const { fx, fy } = this;
        for (let k = M.adjOff[f]; k < M.adjOff[f + 1]; k++) {
          if (!view.visEdge[M.adjEdge[k]]) continue;
          const b = M.adjNode[k];
          pos.push(fx[f], fy[f], fx[b], fy[b]);
        }
      }
      this.focusCount = pos.length / 4;
      const c = view.theme.edgeHighlightRGBA;
      const col = new Uint8Array(this.focusCount * 8);
      for (let o = 0; o < col.length; o += 4) col.set(c, o);
      gl.bindBuffer(gl.ARRAY_BUFFER, this.focusPosBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(pos), gl.DYNAMIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, this.focusColorBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, col, gl.DYNAMIC_DRAW);
      this.dirtyFocus = false;
    }
  }

  drawBuffers(posBuffer, colorBuffer, count) {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, posBuffer);
    gl.enableVertexAttribArray(this.aPosition);
    gl.vertexAttribPointer(this.aPosition, 2, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, colorBuffer);
    gl.enableVertexAttribArray(this.aColor);
    gl.vertexAttribPointer(this.aColor, 4, gl.UNSIGNED_BYTE, true, 0, 0);
    gl.drawArrays(gl.LINES, 0, count * 2);
  }

  /** Draws after each sigma render (sigma has already sized the canvas). */
  draw() {
    const gl = this.gl;
    const sigma = this.view.sigma;
    if (!gl || !sigma || gl.isContextLost()) return;
    this.upload();
    const params = sigma.getRenderParams();
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (!params.matrix) return;
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.useProgram(this.program);
    gl.uniformMatrix3fv(this.uMatrix, false, params.matrix);
    if (this.focus >= 0) {
      if (this.focusCount) this.drawBuffers(this.focusPosBuffer, this.focusColorBuffer, this.focusCount);
    } else if (this.count) {
      this.drawBuffers(this.posBuffer, this.colorBuffer, this.count);
    }
  }
}
