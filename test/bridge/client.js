// The page side of the test bridge: defines window.matrixApp with the same shape as preload's
// API (invoke + on), carried over a WebSocket to the bridge. Plain script, loaded before the
// renderer's bundle. Part of the test tooling only.
(function () {
  'use strict';
  var token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  var socketUrl = 'ws://' + location.host + '/bridge?token=' + encodeURIComponent(token);
  var socket = new WebSocket(socketUrl);
  var opened = new Promise(function (resolve, reject) {
    socket.addEventListener('open', function () {
      resolve();
    });
    socket.addEventListener('error', function () {
      reject(new Error('Bridge connection failed'));
    });
  });
  var nextId = 1;
  var pending = new Map();
  var listeners = new Map();

  socket.addEventListener('message', function (message) {
    var frame = JSON.parse(message.data);
    if (frame.type === 'result' && pending.has(frame.id)) {
      pending.get(frame.id)(frame.result);
      pending.delete(frame.id);
    } else if (frame.type === 'event') {
      (listeners.get(frame.name) || []).forEach(function (listener) {
        listener(frame.payload);
      });
    }
  });
  socket.addEventListener('close', function () {
    pending.forEach(function (resolve) {
      resolve({ ok: false, error: { code: 'BRIDGE_CLOSED', message: 'The app stopped.' } });
    });
    pending.clear();
  });

  var api = {
    invoke: function (name, request) {
      return opened.then(function () {
        return new Promise(function (resolve) {
          var id = nextId++;
          pending.set(id, resolve);
          socket.send(JSON.stringify({ type: 'invoke', id: id, name: name, request: request }));
        });
      });
    },
    on: function (name, listener) {
      var list = listeners.get(name) || [];
      list.push(listener);
      listeners.set(name, list);
      return function () {
        listeners.set(
          name,
          (listeners.get(name) || []).filter(function (l) {
            return l !== listener;
          }),
        );
      };
    },
  };
  Object.defineProperty(window, 'matrixApp', { value: Object.freeze(api), writable: false });
})();
