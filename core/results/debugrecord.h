#pragma once

// The engine's record of one step of a debug run (its debug_step event, PROTOCOL.md "Debug runs") as
// the command line and the results tree present it. The engine masks nothing: masking secrets is
// presentation, done here so `loadwright debug` and the workbench hide the same values.
//
// Masked unless shown on demand: values of the headers Authorization, Proxy-Authorization, Cookie,
// Set-Cookie (the cookie's name and attributes stay) and of any header whose name contains token,
// secret, password, passwd, session, api-key, apikey or auth; every cookie value of the user's jar;
// JSON body fields and form fields with such names (password, access_token, client_secret, ...);
// values extracted into variables with such names; and every other occurrence of a masked value in
// the record (a token extracted in one step and sent in a later URL or body is masked there too).

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace lw {

// What replaces a secret.
QString secretMask();
// True for names that hold secrets (header, cookie, JSON field, form field or variable names).
bool isSecretName(const QString &name);

// The record with every secret masked; *maskedCount (optional) counts the distinct values hidden.
QJsonObject maskDebugRecord(const QJsonObject &record, int *maskedCount = nullptr);
// Every record masked as one: a secret found in one step is also hidden where it reappears in another.
QList<QJsonObject> maskDebugRecords(const QList<QJsonObject> &records, int *maskedCount = nullptr);

// One step's verdict: it failed by a transport error, an HTTP error status, a failed extraction or a
// failed check.
bool debugStepFailed(const QJsonObject &record);
// The problems of one step in words ("check 'order placed' failed: expected ..., measured ...").
QStringList debugStepProblems(const QJsonObject &record);

// What the jar keeps of one cookie (an element of the record's cookie_attributes), in words:
// "127.0.0.1, path /, session, HttpOnly" (a domain cookie's domain with a leading dot; "expires" with
// the UTC time of a persistent one; Secure and HttpOnly when set). Empty for an empty object.
QString cookieAttributesText(const QJsonObject &attributes);

// A JSON body pretty-printed (indented) when it parses; else the text as it is.
QString prettyBody(const QString &body);

} // namespace lw
