// The manifest's print button (a file, not an inline onclick: the pages' CSP runs no inline script).
document.getElementById("print").addEventListener("click", function () { window.print(); });
