#pragma once

// Internal to lw_import: recorded credentials in steps (Authorization and Cookie headers, API-key
// headers and query parameters, password-like JSON and form fields) and their replacement.

#include "import/importresult.h"

namespace lw::import {

enum class CookiePolicy
{
    Jar,     // a HAR: the engine's cookie jar replays Set-Cookie answers; Cookie headers are dropped
    Variable // curl: the Cookie header becomes ${COOKIE}
};

// Every credential of steps, numbered S1, S2, ... Equal values share one variable.
QList<FlaggedSecret> findSecrets(const QList<Step> &steps, CookiePolicy cookies);

// Replaces the secret's recorded value in its step by ${variable} (or drops the Cookie header when
// variable is empty). Nothing happens when the value is no longer there (a correlation took it).
void applySecret(QList<Step> &steps, const FlaggedSecret &secret);

// A credential by its field name: password, api_key, access_token, client_secret, ...
bool credentialName(const QString &name);

} // namespace lw::import
