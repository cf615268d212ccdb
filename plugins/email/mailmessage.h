#pragma once

// Composes the RFC 5322 message of a notification: plain text, UTF-8, base64 body (safe for any
// server and line length), Subject from the title (an encoded word when not ASCII), Message-ID
// from the notification id so a retry is recognisably the same mail.

#include "notificationplugin.h"

#include <QByteArray>
#include <QStringList>

namespace lw::plugins {

struct MailAddresses
{
    QString from;
    QStringList to;
};

// Splits "a@x, b@y" into addresses; false and error when one is not a plain address.
bool parseAddressList(const QString &text, QStringList *addresses, QString *error);
// True for a plain "local@domain" address without spaces, angle brackets or line breaks.
bool isPlainAddress(const QString &address);

// A header value as encoded words (RFC 2047) when it is not printable ASCII.
QByteArray encodeHeaderText(const QString &text);

QByteArray composeMail(const lw::notify::Notification &notification, const MailAddresses &addresses,
                       const QString &subjectPrefix);

} // namespace lw::plugins
