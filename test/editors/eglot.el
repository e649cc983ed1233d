;;; eglot.el --- the language server driven by a real Emacs through eglot  -*- lexical-binding: t -*-
;; Debian's emacs-nox (28) with elpa-eglot, headless (--batch), configured by exactly the README's
;; snippet (test/editors/eglot.test.ts cuts it from README.md, with the server's path filled in,
;; into ZL_SNIPPET). It visits the logs, runs M-x eglot as a user would, and writes what Emacs got
;; (its Flymake diagnostics, eldoc's hover, the README's zimbraLogs/path request, ZL_REQUEST) to
;; ZL_OUT as JSON. Environment: ZL_SNIPPET, ZL_REQUEST, ZL_MTA (a zimbra.log), ZL_MAILBOX (a mailbox.log), ZL_OUT.
(require 'package)
(package-initialize) ; Debian's elpa-eglot is a package.el package
(require 'eglot)
(require 'json)
(load (getenv "ZL_SNIPPET") nil t)

(defvar zl-errors nil)

(defun zl-wait (what seconds pred)
  "Runs the event loop (the server's output, timers) until PRED holds, at most SECONDS."
  (let ((end (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.05)
      (sit-for 0.01))
    (unless (funcall pred) (push (format "timed out waiting for %s" what) zl-errors))))

(defun zl-visit (file)
  "Visits FILE in the selected window and runs M-x eglot there, as a user would."
  (switch-to-buffer (find-file-noselect file))
  (unless (eglot-current-server) (call-interactively #'eglot))
  (zl-wait (format "eglot to manage %s" file) 60 (lambda () (and (eglot-current-server) eglot--managed-mode)))
  ;; Flymake defers its start in a buffer not yet shown until a redisplay, which batch mode has not.
  (flymake-start)
  (current-buffer))

(defun zl-diagnostics (buffer count)
  "The Flymake diagnostics of BUFFER (at least COUNT of them, waited for) as (line type text), 0-based lines."
  (with-current-buffer buffer
    (zl-wait (format "%d diagnostics in %s" count (buffer-name)) 60
             (lambda () (>= (length (flymake-diagnostics)) count)))
    (sort (mapcar (lambda (d)
                    (list (1- (line-number-at-pos (flymake-diagnostic-beg d)))
                          (symbol-name (flymake-diagnostic-type d))
                          (flymake-diagnostic-text d)))
                  (flymake-diagnostics))
          (lambda (a b) (< (car a) (car b))))))

(defun zl-goto (marker)
  (goto-char (point-min))
  (search-forward marker)
  (goto-char (match-beginning 0)))

(let* ((mta (zl-visit (getenv "ZL_MTA")))
       (mta-mode major-mode)
       (mta-diagnostics (zl-diagnostics mta 6))
       (hover nil)
       (path nil))
  ;; The hover eldoc shows at a queue ID (eglot's own eldoc function, as eldoc calls it).
  (zl-goto "EFAF89FC43C: to=<bob@")
  (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
  (zl-wait "a hover" 30 (lambda () hover))
  ;; The README's request for the delivery path of the message at point (ZL_REQUEST).
  (setq path (eval (car (read-from-string (getenv "ZL_REQUEST"))) t))
  (let* ((mailbox (zl-visit (getenv "ZL_MAILBOX")))
         (mailbox-mode major-mode)
         (mailbox-diagnostics (zl-diagnostics mailbox 3)))
    (with-temp-file (getenv "ZL_OUT")
      (insert (json-encode
               `((emacs . ,emacs-version)
                 (eglot . ,(package-desc-version (cadr (assq 'eglot package-alist))))
                 (errors . ,(vconcat (reverse zl-errors)))
                 (modes . ,(vector (symbol-name mta-mode) (symbol-name mailbox-mode)))
                 (mtaDiagnostics . ,(vconcat mta-diagnostics))
                 (mailboxDiagnostics . ,(vconcat mailbox-diagnostics))
                 (hover . ,hover)
                 (path . ,path)))))))
(kill-emacs 0)
